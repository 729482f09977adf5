"""Consumer check for the W3C Web Annotation export of the fixture corpus.

Loads <out>/w3c/glossa-w3c.jsonld with the standard library's json and checks, with
Python's code-point indexing:

- the collection: the Web Annotation context, type AnnotationCollection, `total` equal
  to the number of items of its inline `first` AnnotationPage, unique annotation ids;
- the documents: each source `urn:glossa:doc:<id>` is one text of texts.json (sources
  in order of first appearance = documents in export order);
- every span (a target or body with selectors): the TextPositionSelector slice
  text[start:end] equals the TextQuoteSelector's `exact`, `prefix` is the up to 32 code
  points just before it and `suffix` the up to 32 just after it (offsets counted in
  bytes or UTF-16 units would fail: the fixture has astral characters before spans);
- every motivation and purpose is one of the model's, every reference to another
  annotation (`urn:glossa:anno:…`) resolves, stance polarities are FAVOR, AGAINST or
  NONE, every annotation has a target.

Usage: check_w3c.py <out-dir>. Prints "N passed, 0 failed" last; exits 1 on a failure.
"""

import json
import sys
from pathlib import Path

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
    "tagging",
}
CONTEXT_CHARS = 32

passed = 0
failures = []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what)


def as_list(v):
    return v if isinstance(v, list) else [v]


def main(out):
    texts = json.loads((out / "texts.json").read_text(encoding="utf-8"))
    raw = (out / "w3c" / "glossa-w3c.jsonld").read_bytes()
    doc = json.loads(raw.decode("utf-8"))

    check(doc.get("@context") == CONTEXT, "the Web Annotation context")
    check(doc.get("type") == "AnnotationCollection", "type AnnotationCollection")
    check(str(doc.get("id", "")).startswith("urn:glossa:"), "the collection has an id")
    page = doc.get("first", {})
    check(page.get("type") == "AnnotationPage", "first is an inline AnnotationPage")
    items = page.get("items", [])
    check(doc.get("total") == len(items), f"total {doc.get('total')} = {len(items)} items")
    ids = [a.get("id") for a in items]
    check(len(set(ids)) == len(ids), "annotation ids are unique")
    check(all(str(i).startswith("urn:glossa:anno:") for i in ids), "annotation ids are urn:glossa:anno:<id>")
    known = set(ids)

    # Documents, in order of first appearance.
    sources = []

    def note_source(s):
        if isinstance(s, str) and s.startswith("urn:glossa:doc:") and s not in sources:
            sources.append(s)

    for a in items:
        for t in as_list(a.get("target", [])):
            note_source(t if isinstance(t, str) else t.get("source"))
        for b in as_list(a.get("body", [])):
            note_source(b.get("source"))
    check(len(sources) == len(texts), f"{len(sources)} document sources for {len(texts)} texts")
    text_of = dict(zip(sources, texts))

    spans = 0
    after_astral = 0

    def check_span(res, where):
        nonlocal spans, after_astral
        text = text_of.get(res.get("source"))
        check(text is not None, f"{where}: source {res.get('source')} is a document")
        if text is None:
            return
        sels = {s.get("type"): s for s in as_list(res.get("selector", []))}
        quote, pos = sels.get("TextQuoteSelector"), sels.get("TextPositionSelector")
        check(quote is not None and pos is not None, f"{where}: quote and position selectors")
        if quote is None or pos is None:
            return
        start, end = pos.get("start"), pos.get("end")
        ok = isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)
        check(ok, f"{where}: {start}..{end} fits the text ({len(text)} code points)")
        if not ok:
            return
        spans += 1
        check(text[start:end] == quote.get("exact"), f"{where}: text[{start}:{end}] == exact {quote.get('exact')!r}")
        prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
        check(prefix == text[max(0, start - CONTEXT_CHARS):start], f"{where}: prefix {prefix!r} is the text before")
        check(suffix == text[end:end + CONTEXT_CHARS], f"{where}: suffix {suffix!r} is the text after")
        first_astral = next((i for i, c in enumerate(text) if ord(c) > 0xFFFF), None)
        if first_astral is not None and start > first_astral:
            after_astral += 1

    for a in items:
        where = a.get("id")
        check(a.get("type") == "Annotation", f"{where}: type Annotation")
        check(a.get("motivation") in MOTIVATIONS, f"{where}: motivation {a.get('motivation')}")
        targets = as_list(a.get("target", []))
        check(len(targets) >= 1, f"{where}: has a target")
        for t in targets:
            if isinstance(t, str):
                check(t in known or t in text_of, f"{where}: target {t} resolves")
            else:
                check_span(t, f"{where} target")
        bodies = as_list(a.get("body", []))
        check(len(bodies) >= 1, f"{where}: has a body")
        for b in bodies:
            check(b.get("purpose") in MOTIVATIONS, f"{where}: body purpose {b.get('purpose')}")
            if b.get("type") == "TextualBody":
                check(isinstance(b.get("value"), str) and b["value"] != "", f"{where}: textual body has a value")
            elif b.get("type") == "SpecificResource":
                if "selector" in b:
                    check_span(b, f"{where} body {b.get('label')}")
                else:
                    check(b.get("source") in known, f"{where}: {b.get('label')} -> {b.get('source')} resolves")
            else:
                check(False, f"{where}: body type {b.get('type')}")
            if b.get("label") == "polarity":
                check(b.get("value") in {"FAVOR", "AGAINST", "NONE"}, f"{where}: polarity {b.get('value')}")
    check(spans > 0, f"{spans} spans checked")
    has_astral = any(ord(c) > 0xFFFF for t in texts for c in t)
    check(not has_astral or after_astral > 0, f"{after_astral} spans start after an astral character (bytes or UTF-16 would fail)")

    one = out / "fixture-w3c.jsonld"
    if one.exists():
        check(one.read_bytes() == raw, "the one-file export is the same file")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
