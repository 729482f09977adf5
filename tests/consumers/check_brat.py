"""Consumer check for the brat standoff export of the fixture corpus.

Reads <out>/brat/*.txt, *.ann and annotation.conf with the standard library only, the
way brat does (UTF-8, no newline translation, Python code-point indexing), and checks:

- every .txt is a document text verbatim (texts.json), and every text has a .txt;
- every text-bound (T) line: each fragment START END is a code-point range of the text,
  holds no line break, the fragments are in order with only line breaks between them,
  and the text field is the fragments' texts joined by one space (what brat compares);
  offsets counted in UTF-8 bytes or UTF-16 units would fail this, as the fixture has
  astral characters (a flag, emoji) before annotated spans, which is checked too;
- ids are unique; every relation, event, attribute, equivalence and note refers to
  annotations that exist; an event's trigger is a T of the event's type;
- every type is declared in annotation.conf: T types under [entities] or [events], R
  under [relations] with argument types allowed, E under [events] with its roles and
  argument types allowed, attributes under [attributes] with their value and target
  type, equivalences as symmetric-transitive relations;
- the one-file export (fixture-brat.zip), when present, holds the same files.

Usage: check_brat.py <out-dir>. Prints "N passed, 0 failed" last; exits 1 on a failure.
"""

import json
import re
import sys
import zipfile
from pathlib import Path

passed = 0
failures = []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what)


def is_line_break(c):
    """Whether Python (and so brat, reading .ann lines) ends a line at c."""
    return len(("a" + c + "b").splitlines()) == 2


def parse_conf(text):
    """{section: {type: {role: [types]}}} from an annotation.conf."""
    sections = {}
    current = None
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^\s*\[(.*)\]\s*$", line)
        if m:
            current = sections.setdefault(m.group(1), {})
            continue
        m = re.match(r"^\s*(\S+)(?:\s+(.*))?$", line)
        name, rest = m.group(1), m.group(2) or ""
        args = {}
        for arg in [a.strip() for a in rest.split(",") if a.strip()]:
            key, _, types = arg.partition(":")
            args[key] = types.split("|")
        current[name] = args
    return sections


def role_name(role):
    """An event role without its repetition number (Evidence2 -> Evidence)."""
    return re.sub(r"\d+$", "", role)


def allowed_role(spec, role):
    """The conf key of an event role (Evidence* declares Evidence, Evidence2, ...)."""
    for key, types in spec.items():
        bare = key.rstrip("?*+")
        if bare == role_name(role):
            return types
    return None


def check_ann(name, text, ann_text, conf):
    entities = conf.get("entities", {})
    relations = conf.get("relations", {})
    events = conf.get("events", {})
    attributes = conf.get("attributes", {})
    label_types = set(entities) | set(events)
    first_astral = next((i for i, c in enumerate(text) if ord(c) > 0xFFFF), None)
    after_astral = 0

    ids = {}
    lines = ann_text.split("\n")
    check(lines[-1] == "", f"{name}: ends with a newline")
    textbounds = {}
    pending = []
    for n, line in enumerate(lines[:-1], 1):
        where = f"{name}:{n}"
        check(line.splitlines() == [line], f"{where}: one line as Python reads it")
        ident, _, rest = line.partition("\t")
        if ident != "*":
            check(ident not in ids, f"{where}: id {ident} is unique")
        ids[ident] = line
        if ident.startswith("T"):
            data, _, field = rest.partition("\t")
            ty, _, offsets = data.partition(" ")
            frags = []
            for part in offsets.split(";"):
                s, e = part.split(" ")
                frags.append((int(s), int(e)))
            ok = all(0 <= s <= e <= len(text) for s, e in frags)
            check(ok, f"{where}: {ident} offsets {offsets} fit the text ({len(text)} code points)")
            if not ok:
                continue
            pieces = [text[s:e] for s, e in frags]
            check(field == " ".join(pieces), f"{where}: {ident} text {field!r} is the code-point slice {' '.join(pieces)!r}")
            check(not any(is_line_break(c) for p in pieces for c in p), f"{where}: {ident} fragments hold no line break")
            gaps = [text[a[1]:b[0]] for a, b in zip(frags, frags[1:])]
            check(all(a[1] < b[0] for a, b in zip(frags, frags[1:])), f"{where}: {ident} fragments in order, apart")
            check(all(g and all(is_line_break(c) for c in g) for g in gaps), f"{where}: {ident} only line breaks between fragments")
            check(ty in label_types, f"{where}: type {ty} is declared in annotation.conf")
            textbounds[ident] = ty
            if first_astral is not None and frags[0][0] > first_astral:
                after_astral += 1
        else:
            pending.append((where, ident, rest))

    triggers = set()
    for where, ident, rest in pending:
        if ident.startswith("E"):
            parts = rest.split(" ")
            ty, _, trigger = parts[0].partition(":")
            triggers.add(trigger)
            check(ty in events, f"{where}: event type {ty} is declared")
            check(textbounds.get(trigger) == ty, f"{where}: trigger {trigger} is a T of type {ty}")
            for arg in parts[1:]:
                role, _, target = arg.partition(":")
                types = allowed_role(events.get(ty, {}), role)
                check(types is not None, f"{where}: role {role} is declared for {ty}")
                check(target in textbounds, f"{where}: argument {target} exists")
                check(types is not None and textbounds.get(target) in types, f"{where}: {role} may be a {textbounds.get(target)}")
    for where, ident, rest in pending:
        if ident.startswith("R"):
            ty, a1, a2 = rest.split(" ")
            (r1, t1), (r2, t2) = a1.split(":"), a2.split(":")
            spec = relations.get(ty)
            check(spec is not None, f"{where}: relation type {ty} is declared")
            check((r1, r2) == ("Arg1", "Arg2"), f"{where}: roles Arg1, Arg2")
            check(t1 in textbounds and t2 in textbounds, f"{where}: arguments {t1}, {t2} exist")
            check(t1 not in triggers and t2 not in triggers, f"{where}: no trigger is a relation argument")
            check(spec is not None and textbounds.get(t1) in spec.get("Arg1", []) and textbounds.get(t2) in spec.get("Arg2", []),
                  f"{where}: {ty} may link a {textbounds.get(t1)} to a {textbounds.get(t2)}")
        elif ident == "*":
            ty, *members = rest.split(" ")
            spec = relations.get(ty, {})
            check("symmetric-transitive" in spec.get("<REL-TYPE>", []), f"{where}: {ty} is a declared equivalence")
            check(len(members) >= 2 and all(m in textbounds for m in members), f"{where}: members exist")
            check(all(textbounds.get(m) in spec.get("Arg1", []) for m in members), f"{where}: members' types allowed")
        elif ident.startswith("A"):
            ty, target, value = rest.split(" ")
            spec = attributes.get(ty)
            check(spec is not None, f"{where}: attribute {ty} is declared")
            kind = textbounds.get(target) or (ids.get(target, "").split("\t")[1].split(":")[0] if target.startswith("E") and target in ids else None)
            check(target in ids, f"{where}: attribute target {target} exists")
            check(spec is not None and kind in spec.get("Arg", []), f"{where}: {ty} applies to {kind}")
            check(spec is not None and value in spec.get("Value", []), f"{where}: value {value} is declared")
        elif ident.startswith("#"):
            data, _, note = rest.partition("\t")
            ty, target = data.split(" ")
            check(ty == "AnnotatorNotes", f"{where}: an AnnotatorNotes note")
            check(target in ids and target not in triggers, f"{where}: note target {target} exists")
            check(note.strip() != "", f"{where}: note text is not empty")
        elif not ident.startswith("E"):
            check(False, f"{where}: known line kind ({ident})")
    return after_astral


def main(out):
    brat = out / "brat"
    texts = json.loads((out / "texts.json").read_text(encoding="utf-8"))
    conf_path = brat / "annotation.conf"
    check(conf_path.exists(), "annotation.conf exists")
    conf = parse_conf(conf_path.read_bytes().decode("utf-8"))
    for section in ("entities", "relations", "events", "attributes"):
        check(section in conf, f"annotation.conf has [{section}]")

    txts = sorted(brat.glob("*.txt"))
    check(len(txts) == len(texts), f"{len(texts)} .txt files, one per document")
    seen = []
    after_astral = 0
    for txt in txts:
        text = txt.read_bytes().decode("utf-8")
        check(text in texts, f"{txt.name} is a document text verbatim")
        seen.append(text)
        ann = txt.with_suffix(".ann")
        check(ann.exists(), f"{ann.name} exists")
        if ann.exists():
            after_astral += check_ann(ann.name, text, ann.read_bytes().decode("utf-8"), conf)
    check(sorted(seen) == sorted(texts), "every document text has a .txt")
    has_astral = any(ord(c) > 0xFFFF for t in texts for c in t)
    check(not has_astral or after_astral > 0, f"{after_astral} spans start after an astral character (bytes or UTF-16 would fail)")

    zip_path = out / "fixture-brat.zip"
    if zip_path.exists():
        with zipfile.ZipFile(zip_path) as z:
            names = sorted(z.namelist())
            check(names == sorted(p.name for p in brat.iterdir()), "the zip holds the same files")
            for n in names:
                check(z.read(n) == (brat / n).read_bytes(), f"zip entry {n} is the same file")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
