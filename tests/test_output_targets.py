"""``-o`` writes through what it should write through and replaces only regular files.

Devices and pipes are written through (as a shell redirection would), a symbolic link is
followed and stays a link, a replaced file keeps its permission bits, and anything else
(a socket, a folder) is refused with the path the user gave.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

COMMANDS = {
    "export": lambda data, target: ("export", "--data", data, "-o", target),
    "query": lambda data, target: ("query", "SELECT ?s WHERE { ?s a ?c } LIMIT 3", "--data", data,
                                   "--format", "csv", "-o", target),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_device_is_written_through_and_stays_a_device(command, mini_data, run_kg):
    result = run_kg(*COMMANDS[command](mini_data, "/dev/full"))
    assert result.exit_code == 2, result.output
    assert "/dev/full: No space left on device" in result.output
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_is_written_through(command, mini_data, tmp_path, run_kg):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_kg(*COMMANDS[command](mini_data, fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and len(received[0]) > 0


@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_is_followed_and_stays_a_link(command, mini_data, tmp_path, run_kg):
    real = tmp_path / "real.out"
    real.write_bytes(b"old")
    link = tmp_path / "link.out"
    link.symlink_to(real)
    assert run_kg(*COMMANDS[command](mini_data, link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != b"old"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_replaced_file_keeps_its_mode(command, mode, mini_data, tmp_path, run_kg):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    target.chmod(mode)
    assert run_kg(*COMMANDS[command](mini_data, target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() != b"old"


def test_a_socket_is_refused_and_left_alone(mini_data, tmp_path, run_kg):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        result = run_kg(*COMMANDS["query"](mini_data, path))
        assert result.exit_code == 2
        assert f"{path}: not a regular file, a device or a pipe" in result.output
        assert stat.S_ISSOCK(path.lstat().st_mode)
    finally:
        server.close()


def test_an_unwritable_folder_is_named_not_the_temporary_file(mini_data, tmp_path, run_kg):
    folder = tmp_path / "missing-parent-is-a-file"
    folder.write_text("x")
    result = run_kg(*COMMANDS["export"](mini_data, Path(folder) / "out.ttl"))
    assert result.exit_code == 2
    assert f"{folder / 'out.ttl'}:" in result.output
    assert ".tmp" not in result.output
