"""Consumer check for the CSV export of the fixture corpus.

Reads <out>/csv/quotes.csv and stances.csv with Python's csv module (encoding
utf-8-sig, as Excel-minded tools do) and checks:

- both files start with a UTF-8 byte-order mark (the fixture export asks for one) and
  every record ends with CR LF (RFC 4180);
- the headers and row counts;
- each quote cell equals the code-point slice texts[doc][start:end] of texts.json
  (after dropping the formula-injection guard: one leading ' on a text cell);
- evidence_count agrees with the evidence column; polarities and kinds are valid;
- no text cell starts with = + - @ unguarded.

Prints "N passed, 0 failed" last; exits 1 on any failure.
"""

import csv
import io
import json
import sys
from pathlib import Path

QUOTE_COLUMNS = ["document", "document_id", "quote_id", "speaker", "entity", "quote",
                 "cue", "kind", "start", "end", "note"]
STANCE_COLUMNS = ["document", "document_id", "stance_id", "holder", "target",
                  "target_kind", "polarity", "evidence", "evidence_count", "note"]
QUOTE_TEXT = ["document", "speaker", "entity", "quote", "cue", "note"]
STANCE_TEXT = ["document", "holder", "target", "evidence", "note"]

passed = 0
failures = []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what)


def unguard(cell):
    return cell[1:] if cell.startswith("'") else cell


def read(path):
    raw = path.read_bytes()
    check(raw.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM")
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    check(body.endswith(b"\r\n"), f"{path.name} ends with CR LF")
    check(b"\n" not in body.replace(b"\r\n", b""), f"{path.name} has no bare LF")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    # The module must agree with a stricter reading: writing the rows back in the
    # RFC 4180 dialect gives the same bytes.
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    check(buf.getvalue().encode("utf-8") == body, f"{path.name} round-trips through csv.writer")
    return rows


def guarded(rows, columns, text_columns, name):
    for row in rows[1:]:
        for col in text_columns:
            cell = row[columns.index(col)]
            check(not cell[:1] in ("=", "+", "-", "@", "\t", "\r"),
                  f"{name}: {col} cell {cell[:20]!r} is not a bare formula")


def main(out):
    texts = json.loads((out / "texts.json").read_text(encoding="utf-8"))
    quotes = read(out / "csv" / "quotes.csv")
    stances = read(out / "csv" / "stances.csv")

    check(quotes[0] == QUOTE_COLUMNS, "quotes.csv header")
    check(stances[0] == STANCE_COLUMNS, "stances.csv header")
    check(len(quotes) == 1 + 3, f"3 quote rows (got {len(quotes) - 1})")
    check(len(stances) == 1 + 4, f"4 stance rows (got {len(stances) - 1})")
    check(all(len(r) == len(QUOTE_COLUMNS) for r in quotes), "every quote row is complete")
    check(all(len(r) == len(STANCE_COLUMNS) for r in stances), "every stance row is complete")

    # Documents come in export order, the order of texts.json.
    doc_ids = []
    for row in quotes[1:] + stances[1:]:
        if row[1] not in doc_ids:
            doc_ids.append(row[1])
    check(len(doc_ids) == len(texts), "every document has rows")
    q = {c: i for i, c in enumerate(QUOTE_COLUMNS)}
    for row in quotes[1:]:
        text = texts[doc_ids.index(row[q["document_id"]])]
        start, end = int(row[q["start"]]), int(row[q["end"]])
        check(0 <= start < end <= len(text), f"quote {row[q['quote_id']]}: {start}..{end} fits")
        check(text[start:end] == unguard(row[q["quote"]]),
              f"quote {row[q['quote_id']]}: text[{start}:{end}] == the quote cell")
        cue = unguard(row[q["cue"]])
        check(cue == "" or cue in text, f"quote {row[q['quote_id']]}: the cue is in the text")
        check(row[q["kind"]] in ("direct", "indirect", "mixed"), "kind is direct/indirect/mixed")
        check(len(row[q["quote_id"]]) == 16, "quote ids are 16 hex digits")
    s = {c: i for i, c in enumerate(STANCE_COLUMNS)}
    for row in stances[1:]:
        text = texts[doc_ids.index(row[s["document_id"]])]
        check(row[s["polarity"]] in ("FAVOR", "AGAINST", "NONE"), "polarity is FAVOR/AGAINST/NONE")
        check(row[s["target_kind"]] in ("entity", "topic", ""), "target_kind is entity/topic")
        evidence = unguard(row[s["evidence"]])
        parts = evidence.split(" | ") if evidence else []
        check(len(parts) == int(row[s["evidence_count"]]), f"stance {row[s['stance_id']]}: evidence_count")
        check(all(p in text for p in parts), f"stance {row[s['stance_id']]}: evidence is text of the document")
    guarded(quotes, QUOTE_COLUMNS, QUOTE_TEXT, "quotes.csv")
    guarded(stances, STANCE_COLUMNS, STANCE_TEXT, "stances.csv")


if __name__ == "__main__":
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "target/consumer-exports")
    try:
        main(out_dir)
    except Exception as e:  # a crash is a failure, reported like one
        failures.append(repr(e))
        print("FAIL:", repr(e))
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
