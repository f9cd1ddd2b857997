{#- The script both pages share, included inside each page's own function: the facts panel
    (text for tooltips, the sidebar's details) and the find box. Text goes through textContent only. -#}
  function sourceLine(source) {
    var meta = [source.publisher, source.date].filter(Boolean).join(", ");
    return source.headline + (meta ? " (" + meta + ")" : "") + (source.url ? "\n  " + source.url : "");
  }
  // Plain text, for tooltips: vis-network shows a string title with innerText, the WebGL page with textContent.
  // A line of several deals (the small page's parallel deals) lists each deal's facts.
  function factsText(facts) {
    var lines = [facts.title];
    if (facts.subtitle) lines.push(facts.subtitle);
    facts.rows.forEach(function (row) { lines.push(row[0] + ": " + row[1]); });
    if (facts.sources.length) {
      lines.push(facts.sources.length > 1 ? "Sources:" : "Source:");
      facts.sources.forEach(function (source) { lines.push("• " + sourceLine(source)); });
    }
    (facts.deals || []).forEach(function (deal) { lines.push("", factsText(deal)); });
    return lines.join("\n");
  }
  function add(parent, tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined) element.textContent = text;
    if (className) element.className = className;
    parent.appendChild(element);
    return element;
  }
  var details = document.getElementById("details");
  var detailsHint = details.firstElementChild;
  function showFacts(facts) {
    details.replaceChildren();
    addFacts(details, facts, "h2");
    (facts.deals || []).forEach(function (deal) { addFacts(add(details, "section", undefined, "deal"), deal, "h3"); });
  }
  function addFacts(details, facts, heading) {
    add(details, heading, facts.title);
    if (facts.subtitle) add(details, "p", facts.subtitle, "subtitle");
    if (facts.rows.length) {
      var list = add(details, "dl");
      facts.rows.forEach(function (row) { add(list, "dt", row[0]); add(list, "dd", row[1]); });
    }
    if (facts.note) add(details, "p", facts.note, "note");
    if (facts.sources.length) {
      add(details, "h4", facts.sources.length > 1 ? "Sources" : "Source");
      var sources = add(details, "ul", undefined, "sources");
      facts.sources.forEach(function (source) {
        var item = add(sources, "li");
        if (/^https?:\/\//.test(source.url)) {
          var link = add(item, "a", source.headline, "headline");
          link.href = source.url;
          link.rel = "noopener noreferrer";
          link.target = "_blank";
        } else {
          add(item, "span", source.headline, "headline");
        }
        var meta = [source.publisher, source.date].filter(Boolean).join(", ");
        if (meta) add(item, "span", " — " + meta, "meta");
      });
    }
    if (facts.iri) add(details, "p", facts.iri, "iri");
  }
  function clearFacts() { details.replaceChildren(detailsHint); }

  // The find box: names in the datalist, A to Z, written when the box is first used (at 100,000 things they
  // cost seconds); the first of a whole name, a start, a part of a name is handed to the page's own goTo(id),
  // which selects and shows it.
  function findBox(nodeIndex, goTo) {
    var names = document.getElementById("node-names");
    function offerNames() {
      nodeIndex.slice().sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : 0; }).forEach(function (node) {
        var option = document.createElement("option");
        option.value = node.label;
        names.appendChild(option);
      });
    }
    function findNode(text) {
      var wanted = text.trim().toLowerCase();
      if (!wanted) return null;
      var tests = [
        function (node) { return node.key === wanted; },
        function (node) { return node.key.indexOf(wanted) === 0; },
        function (node) { return node.key.indexOf(wanted) >= 0; }
      ];
      for (var i = 0; i < tests.length; i++) {
        var found = nodeIndex.find(tests[i]);
        if (found) return found;
      }
      return null;
    }
    var findInput = document.getElementById("find");
    findInput.addEventListener("focus", offerNames, {once: true});
    var findStatus = document.getElementById("find-status");
    document.getElementById("find-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var found = findNode(findInput.value);
      if (!found) {
        findStatus.textContent = "No node named “" + findInput.value.trim() + "”";
        return;
      }
      findStatus.textContent = "";
      goTo(found.id);
    });
  }
