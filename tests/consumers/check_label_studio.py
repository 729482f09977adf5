"""Consumer check for the Label Studio export of the fixture corpus.

Reads <out>/label-studio/tasks.json and labeling-config.xml with the standard library
only (json, xml.etree, zipfile) and checks what Label Studio relies on:

- every region's value.text is the code-point slice text[start:end] of its task text,
  and the task texts are the fixture texts verbatim (texts.json);
- every label used by a region is declared in its control of the labeling config, every
  relation label in <Relations>, every text area as a <TextArea>;
- region ids are unique within a task and relations point at existing regions;
- the one-file export (fixture-label-studio.zip) holds the same two files.

Prints "N passed, 0 failed" last; exits 1 on any failure.
"""

import json
import sys
import xml.etree.ElementTree as ET
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


def main(out):
    ls = out / "label-studio"
    texts = json.loads((out / "texts.json").read_text(encoding="utf-8"))
    tasks_bytes = (ls / "tasks.json").read_bytes()
    config_bytes = (ls / "labeling-config.xml").read_bytes()
    tasks = json.loads(tasks_bytes.decode("utf-8"))
    config = ET.fromstring(config_bytes.decode("utf-8"))

    check(config.tag == "View", "the config's root is <View>")
    text_tags = config.findall("Text")
    check(len(text_tags) == 1, "one <Text> object tag")
    text_name = text_tags[0].get("name") if text_tags else None
    check(text_tags and text_tags[0].get("value") == "$text", "<Text value=\"$text\">")
    controls = {}
    for labels in config.findall("Labels"):
        check(labels.get("toName") == text_name, f"<Labels name={labels.get('name')}> targets the text")
        controls[labels.get("name")] = {l.get("value") for l in labels.findall("Label")}
    relations = {r.get("value") for r in config.iter("Relation")}
    text_areas = {t.get("name") for t in config.findall("TextArea")}

    check(isinstance(tasks, list), "tasks.json is a JSON array")
    check(len(tasks) == len(texts), f"{len(texts)} tasks, one per document")
    regions_seen = 0
    for i, task in enumerate(tasks):
        text = task["data"]["text"]
        check(text == texts[i], f"task {i}: data.text is the document text verbatim")
        check(isinstance(task["data"].get("title"), str), f"task {i}: has a title")
        check(isinstance(task["data"].get("glossa_id"), str), f"task {i}: has a glossa_id")
        results = task["annotations"][0]["result"]
        ids = set()
        for r in results:
            if r.get("type") == "relation":
                continue
            check(r["id"] not in ids, f"task {i}: result id {r['id']} is unique")
            ids.add(r["id"])
            check(r.get("to_name") == text_name, f"task {i}: {r['id']} targets the text")
            value = r["value"]
            if r["type"] == "labels":
                regions_seen += 1
                start, end = value["start"], value["end"]
                check(
                    isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text),
                    f"task {i}: {r['id']} offsets {start}..{end} fit the text",
                )
                check(
                    text[start:end] == value["text"],
                    f"task {i}: {r['id']}: text[{start}:{end}] == {value['text']!r} (got {text[start:end]!r})",
                )
                declared = controls.get(r["from_name"], set())
                for label in value["labels"]:
                    check(label in declared, f"task {i}: label {label!r} declared in <Labels name={r['from_name']}>")
            elif r["type"] == "textarea":
                check(r["from_name"] in text_areas, f"task {i}: text area {r['from_name']} declared")
                check(all(isinstance(t, str) and t for t in value["text"]), f"task {i}: {r['from_name']} lines are text")
            else:
                check(False, f"task {i}: unexpected result type {r['type']}")
        region_ids = {r["id"] for r in results if r.get("type") == "labels"}
        for r in results:
            if r.get("type") != "relation":
                continue
            check(r["from_id"] in region_ids, f"task {i}: relation from {r['from_id']} exists")
            check(r["to_id"] in region_ids, f"task {i}: relation to {r['to_id']} exists")
            for label in r["labels"]:
                check(label in relations, f"task {i}: relation label {label!r} declared")
    check(regions_seen == 19, f"19 regions in the fixture export (got {regions_seen})")

    with zipfile.ZipFile(out / "fixture-label-studio.zip") as z:
        check(z.testzip() is None, "the zip's CRCs are right")
        check(z.read("tasks.json") == tasks_bytes, "the zip holds tasks.json")
        check(z.read("labeling-config.xml") == config_bytes, "the zip holds labeling-config.xml")


if __name__ == "__main__":
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "target/consumer-exports")
    try:
        main(out_dir)
    except Exception as e:  # a crash is a failure, reported like one
        failures.append(repr(e))
        print("FAIL:", repr(e))
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
