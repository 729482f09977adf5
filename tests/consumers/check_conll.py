"""Consumer check: the CoNLL-2003 BIO (IOB2) export.

Usage: check_conll.py <exports-dir>   (run by tests/consumers/run.sh)

Reads <dir>/conll/glossa-conll.txt, <dir>/texts.json (the fixture texts, written
independently of any export) and <dir>/spacy/glossa-spacy.jsonl (every entity span in
code points) and checks that:
- every document starts with "-DOCSTART- -X- O O" and a blank line; every token line has
  four columns "TOKEN _ _ TAG"; tags are valid IOB2 within each sentence;
- the tokens, found in order in the document text with only whitespace between them,
  rebuild the whole text (no character lost, changed or invented);
- the B-/I- runs are exactly the entities that docs/formats.md's overlap rule
  keeps from the JSONL spans (edge whitespace trimmed; longest first, then earliest
  start, then label, then id), so no entity is lost beyond the rule, or widened;
- spaCy's own CoNLL reader (`spacy convert`'s conll_ner_to_docs) reads the same
  documents, tokens, sentences and entities.
Prints "N passed, 0 failed" last; exits non-zero on a failure.
"""

import json
import sys
from pathlib import Path

from spacy.training.converters import conll_ner_to_docs

DOCSTART = "-DOCSTART- -X- O O"
passed = 0
failures = []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)


def parse(raw):
    """Documents as lists of sentences of (token, tag)."""
    docs = []
    lines = raw.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line == "":
            continue
        if line == DOCSTART:
            check(i < len(lines) and lines[i] == "", "a blank line follows -DOCSTART-")
            i += 1
            docs.append([[]])
            continue
        if not docs:
            check(False, f"token before the first -DOCSTART-: {line!r}")
            continue
        cols = line.split(" ")
        if not (len(cols) == 4 and line.split() == cols and cols[1:3] == ["_", "_"]):
            check(False, f"not 'TOKEN _ _ TAG': {line!r}")
            continue
        docs[-1][-1].append((cols[0], cols[3]))
        if i < len(lines) and lines[i] == "":
            docs[-1].append([])
    return [[s for s in doc if s] for doc in docs]


def rebuild(text, tokens):
    """Code point spans of the tokens found in order, only whitespace between; None if not."""
    pos, out = 0, []
    for t in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(t, pos):
            return None
        out.append((pos, pos + len(t)))
        pos += len(t)
    return out if text[pos:].strip() == "" else None


def runs(sentences, spans, where):
    """Entity runs from IOB2 tags: (start, end, label) in code points."""
    out, i = set(), 0
    for sentence in sentences:
        cur = None
        for _, tag in sentence:
            s, e = spans[i]
            i += 1
            if tag.startswith("I-"):
                ok = cur is not None and cur[2] == tag[2:]
                check(ok, f"{where}: {tag} continues an entity of the same label in its sentence")
                if ok:
                    cur[1] = e
                continue
            if cur:
                out.add(tuple(cur))
            cur = [s, e, tag[2:]] if tag.startswith("B-") else None
            check(tag == "O" or tag.startswith("B-"), f"{where}: tag {tag!r}")
        if cur:
            out.add(tuple(cur))
    return out


def tag_label(label):
    return "".join("_" if c.isspace() else c for c in label)


def kept_entities(text, spans):
    """The documented overlap rule, applied to the JSONL spans."""
    cands = []
    for s in spans:
        start, end = s["start"], s["end"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            cands.append((-(end - start), start, s["label"], s["id"], end))
    kept = []
    for neg_len, start, label, _id, end in sorted(cands):
        if all(end <= ks or ke <= start for ks, ke, _ in kept):
            kept.append((start, end, tag_label(label)))
    return set(kept)


def main(out):
    texts = json.loads((out / "texts.json").read_text(encoding="utf-8"))
    raw = (out / "conll" / "glossa-conll.txt").read_text(encoding="utf-8")
    tasks = [json.loads(line) for line in
             (out / "spacy" / "glossa-spacy.jsonl").read_text(encoding="utf-8").splitlines()]
    check(raw.startswith(DOCSTART + "\n\n"), "starts with -DOCSTART- and a blank line")
    check(raw.endswith("\n\n") and "\r" not in raw, "ends with a blank line, no CR")
    docs = parse(raw)
    check(len(docs) == len(texts) == len(tasks), f"{len(docs)} documents")

    dropped = 0
    all_spans, all_runs = [], []
    for d, (sentences, text, task) in enumerate(zip(docs, texts, tasks)):
        tokens = [t for s in sentences for t, _ in s]
        spans = rebuild(text, tokens)
        check(spans is not None, f"doc {d}: the tokens rebuild the text")
        if spans is None:
            all_spans.append(None)
            all_runs.append(None)
            continue
        all_spans.append(spans)
        for (s, e), t in zip(spans, tokens):
            check(text[s:e] == t and not any(c.isspace() for c in t), f"doc {d}: token {t!r}")
        got = runs(sentences, spans, f"doc {d}")
        all_runs.append(got)
        want = kept_entities(text, task["spans"])
        check(got == want, f"doc {d}: entity runs {sorted(got)} != {sorted(want)}")
        dropped += len(task["spans"]) - len(want)
        # Per token: inside a kept entity <=> B-/I- tag with its label.
        tags = [tag for s in sentences for _, tag in s]
        for (s, e), tag in zip(spans, tags):
            inside = [lab for ks, ke, lab in want if ks <= s and e <= ke]
            crossing = [1 for ks, ke, _ in want if s < ke and ks < e and not (ks <= s and e <= ke)]
            check(not crossing, f"doc {d}: token {text[s:e]!r} crosses an entity boundary")
            check((tag == "O") == (not inside) and (not inside or tag[2:] == inside[0]),
                  f"doc {d}: token {text[s:e]!r} tagged {tag}")
    check(dropped >= 2, f"the fixture's overlaps are reduced ({dropped} dropped)")

    # spaCy's own reader of CoNLL NER files.
    sp_docs = list(conll_ner_to_docs(raw, n_sents=0, no_print=True))
    check(len(sp_docs) == len(docs), f"spaCy reads {len(sp_docs)} documents")
    for d, (doc, sentences) in enumerate(zip(sp_docs, docs)):
        tokens = [t for s in sentences for t, _ in s]
        check([t.text for t in doc] == tokens, f"doc {d}: spaCy reads the same tokens")
        check(len(list(doc.sents)) == len(sentences), f"doc {d}: spaCy reads the same sentences")
        spans = all_spans[d]
        if spans is None:
            continue
        read = {(spans[e.start][0], spans[e.end - 1][1], e.label_) for e in doc.ents}
        check(read == all_runs[d], f"doc {d}: spaCy reads the same entities")

    for f in failures:
        print(f"FAILED: {f}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "target/consumer-exports")))
