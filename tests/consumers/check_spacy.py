"""Consumer check: the spaCy / Prodigy JSONL export, read by spaCy itself.

Usage: check_spacy.py <exports-dir>   (run by tests/consumers/run.sh)

Reads <dir>/spacy/glossa-spacy.jsonl and <dir>/texts.json (the fixture texts, written
independently of any export) and checks that:
- each line's text is the document text, verbatim;
- every offset slices, in Python (code points), to the text the export says it covers,
  and the fixture really has spans after astral characters and combining marks (so
  UTF-16 or byte offsets would fail here);
- spaCy's `doc.char_span` accepts every span (strict when token-aligned, else expand);
- the spans go to `doc.spans["sc"]`, the non-overlapping ones to `doc.ents`, and both
  survive a DocBin round trip;
- the snippet of docs/formats.md runs as written and gives the same DocBin.
Prints "N passed, 0 failed" last; exits non-zero on a failure.
"""

import json
import os
import re
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans

ROOT = Path(__file__).resolve().parents[2]
passed = 0
failures = []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def main(out):
    global passed
    texts = json.loads((out / "texts.json").read_text(encoding="utf-8"))
    raw = (out / "spacy" / "glossa-spacy.jsonl").read_text(encoding="utf-8")
    check(raw.endswith("\n") and "\r" not in raw, "the file ends with \\n and has no raw CR")
    # Split on \n only, and make sure str.splitlines() agrees (no raw U+2028 etc.).
    lines = raw[:-1].split("\n") if raw.endswith("\n") else raw.split("\n")
    check(raw.splitlines() == lines, "str.splitlines() gives the same lines")
    check(len(lines) == len(texts), f"{len(lines)} lines for {len(texts)} documents")
    tasks = [json.loads(line) for line in lines]

    nlp = spacy.blank("en")
    strict = sliced_only = after_astral = after_combining = 0
    expected_docs = []
    for i, (task, text) in enumerate(zip(tasks, texts)):
        check(task["text"] == text, f"doc {i}: text is verbatim")
        check(isinstance(task["meta"]["id"], str) and len(task["meta"]["id"]) == 16,
              f"doc {i}: meta.id")
        check(bool(task["meta"]["title"]), f"doc {i}: meta.title")

        def sliced(item, what):
            s, e = item["start"], item["end"]
            check(0 <= s < e <= len(text) and text[s:e] == item["text"],
                  f"doc {i}: {what} {s}..{e}: {text[s:e]!r} != {item['text']!r}")

        spans = task["spans"]
        check([(s["start"], s["end"]) for s in spans]
              == sorted((s["start"], s["end"]) for s in spans),
              f"doc {i}: spans sorted by (start, end)")
        for s in spans:
            sliced(s, "span")
            before = text[: s["start"]]
            if utf16_len(before) != len(before):
                after_astral += 1
            if any(0x300 <= ord(c) <= 0x36F for c in text[: s["end"]]):
                after_combining += 1
        for q in task["quotes"]:
            sliced(q, "quote")
            check(q["kind"] in ("direct", "indirect", "mixed"), f"doc {i}: quote kind")
            if q["cue"] is not None:
                sliced(q["cue"], "cue")
            sp = q["speaker"]
            if sp is not None and "start" in sp:
                sliced(sp, "speaker")
            elif sp is not None:
                check(any(e["id"] == sp["entity"] and e["name"] == sp["name"]
                          for e in task["entities"]), f"doc {i}: speaker entity listed")

        doc = nlp.make_doc(text)
        doc_spans = []
        for s in spans:
            span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            if span is not None:
                check(span.text == s["text"] and span.label_ == s["label"],
                      f"doc {i}: strict char_span {s['text']!r}")
                strict += 1
            else:
                # Not token-aligned for spaCy's tokenizer: checked by slicing above.
                sliced_only += 1
                span = doc.char_span(s["start"], s["end"], label=s["label"],
                                     alignment_mode="expand")
                check(span is not None and s["text"] in span.text,
                      f"doc {i}: expanded char_span {s['text']!r}")
            if span is not None:
                doc_spans.append(span)
        doc.spans["sc"] = doc_spans
        doc.ents = filter_spans(doc_spans)
        check(len(doc.spans["sc"]) == len(spans), f"doc {i}: all spans in doc.spans['sc']")
        ents = list(doc.ents)
        check(all(a.end <= b.start for a, b in zip(ents, ents[1:])),
              f"doc {i}: doc.ents do not overlap")
        expected_docs.append(doc)

    check(after_astral >= 2, f"spans after astral characters: {after_astral}")
    check(after_combining >= 2, f"spans after combining marks: {after_combining}")
    check(strict >= 8, f"token-aligned spans: {strict}")

    def summary(doc):
        return (
            doc.text,
            [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents],
            [(s.start_char, s.end_char, s.label_, s.text) for s in doc.spans["sc"]],
        )

    # DocBin round trip.
    db = DocBin()
    for doc in expected_docs:
        db.add(doc)
    back = list(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))
    check(len(back) == len(expected_docs), "DocBin keeps every document")
    for i, (a, b) in enumerate(zip(expected_docs, back)):
        check(summary(a) == summary(b), f"doc {i}: DocBin round trip keeps ents and spans")
        check(len(b.ents) >= 1, f"doc {i}: has entities")

    # The snippet of docs/formats.md, run as written in a scratch folder.
    md = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    # Only the spaCy section: from its heading to the next section of the same level.
    md = md.split("\n## spaCy / Prodigy JSONL", 1)[-1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", md, flags=re.S)
    check(len(blocks) == 1, "docs/formats.md has one Python snippet")
    if blocks:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "glossa-spacy.jsonl").write_text(raw, encoding="utf-8")
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                exec(compile(blocks[0], "docs/formats.md", "exec"), {})
                from_docs = list(DocBin().from_disk("train.spacy").get_docs(nlp.vocab))
            finally:
                os.chdir(cwd)
        check(len(from_docs) == len(expected_docs), "the snippet writes every document")
        for i, (a, b) in enumerate(zip(expected_docs, from_docs)):
            check(summary(a) == summary(b), f"doc {i}: the snippet gives the same DocBin")

    print(f"spans: {strict} token-aligned (strict), {sliced_only} checked by slicing only")
    for f in failures:
        print(f"FAILED: {f}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "target/consumer-exports")))
