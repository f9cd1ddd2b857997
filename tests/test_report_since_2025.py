"""The report says what changed in 2026: circular flows and suppliers at the end of 2025 against now."""

from __future__ import annotations

# Two deals of 2026 added to the mini data: ChipCo invests in Alpha AI, and Alpha AI buys compute
# from ChipCo. Worked out by hand: at the end of 2025 the only loop is Bigcloud -> Alpha AI ->
# Bigcloud; with 2026, ChipCo -> Alpha AI -> ChipCo is a second loop (3 companies in all), and
# Alpha AI's compute providers go from 1 (Bigcloud) to 2 (Bigcloud, ChipCo).
DEALS_2026 = """
  - id: chipco-alpha-investment-2026
    type: Investment
    investor: chipco
    investee: alpha-ai
    amount: {value: 1B}
    announced: 2026-02-01
    status: announced
    sources: [gazette-1]
  - id: alpha-chipco-compute-2026
    type: ComputeCommitment
    buyer: alpha-ai
    seller: chipco
    amount: {value: 3B}
    announced: 2026-03-01
    status: announced
    sources: [gazette-1]
"""


def test_the_report_compares_the_end_of_2025_with_now(mini_data, tmp_path, run_kg):
    deals = mini_data / "deals.yaml"
    deals.write_text(deals.read_text(encoding="utf-8").rstrip("\n") + "\n" + DEALS_2026, encoding="utf-8")
    out = tmp_path / "out"
    assert run_kg("build", "--data", mini_data, "--out", out).exit_code == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.count("### What changed in 2026") == 2
    assert ("On 2025-12-31 the graph held 1 circular flow through 2 companies; "
            "with the deals announced since, 2 circular flows through 3 companies.") in report
    assert "Changed since 2025-12-31: Alpha AI, compute providers 1 → 2." in report
