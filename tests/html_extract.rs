#![cfg(not(target_arch = "wasm32"))]
//! The HTML extractor: JSON-tree fixtures of whole pages (an article with site furniture
//! around and inside it; a page without an article element), and small trees for each
//! rule (pre, br, lists, tables, quotes, hidden elements, content-root choice, title).

use glossa::import::{clean_html, extract, HtmlNode, LineRole};

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");

fn fixture(name: &str) -> (HtmlNode, String) {
    let tree = std::fs::read_to_string(format!("{PAGES}/{name}.json")).unwrap();
    let expected = std::fs::read_to_string(format!("{PAGES}/{name}.expected.txt")).unwrap();
    let expected = expected.replace("\r\n", "\n");
    (
        serde_json::from_str(&tree).unwrap(),
        expected.trim_end_matches('\n').to_owned(),
    )
}

fn tree(json: &str) -> HtmlNode {
    serde_json::from_str(json).unwrap()
}

fn text(json: &str) -> String {
    extract(&tree(json)).text
}

#[test]
fn article_page_keeps_the_article_and_drops_the_furniture() {
    let (page, expected) = fixture("html-article");
    let out = extract(&page);
    assert_eq!(
        out.title.as_deref(),
        Some("Lighthouse keepers’ cottages to become a museum")
    );
    assert_eq!(out.text, expected);
    for gone in [
        "cookies",
        "Accept all",
        "The Coastal Post",
        "News",
        "Photo: Coastal Archive",
        "Island ferry timetable",
        "ads.push",
        "font-family",
        "newsletter",
        "Subscribe",
        "Hidden promotion",
        "icon-share",
        "Share this article",
        "Most read",
        "Ferry fares rise again",
        "©",
    ] {
        assert!(!out.text.contains(gone), "{gone:?} should be skipped");
    }
}

#[test]
fn extracted_article_goes_through_the_cleaner() {
    let (page, _) = fixture("html-article");
    let preview = clean_html(&page);
    assert_eq!(preview.stories.len(), 1);
    let story = &preview.stories[0];
    assert_eq!(
        story.title,
        "Lighthouse keepers’ cottages to become a museum"
    );
    assert!(!story.title_guessed);
    let role = |t: &str| {
        let l = story.lines.iter().find(|l| l.text == t).unwrap();
        (l.kept, l.role)
    };
    assert_eq!(role("By Nell Tarrant"), (false, LineRole::Byline));
    assert_eq!(role("3 June 2024"), (false, LineRole::Furniture));
    let text = story.text();
    assert!(
        text.starts_with("Lighthouse keepers’ cottages to become a museum\n\nThe three cottages")
    );
    assert!(text.contains("Opening hours:\nWeekdays 10:00–16:00\nClosed on Sundays"));
    assert!(text.ends_with("Tickets will cost £6 for adults."));
}

#[test]
fn page_without_article_uses_the_whole_body_and_the_title_element() {
    let (page, expected) = fixture("html-no-article");
    let out = extract(&page);
    assert_eq!(
        out.title.as_deref(),
        Some("Parish council minutes, May 2024")
    );
    assert_eq!(out.text, expected);
}

#[test]
fn title_prefers_the_content_h1_then_any_h1_then_title() {
    let page = r#"{"tag":"body","children":[
        {"tag":"div","children":[{"tag":"h1","children":["Page heading"]}]},
        {"tag":"article","children":[{"tag":"p","children":["Short."]}]}
    ]}"#;
    assert_eq!(extract(&tree(page)).title.as_deref(), Some("Page heading"));
    let page = r#"{"tag":"html","children":[
        {"tag":"head","children":[{"tag":"title","children":["Tab title"]}]},
        {"tag":"body","children":[{"tag":"h1","children":["  "]},{"tag":"p","children":["Text."]}]}
    ]}"#;
    assert_eq!(extract(&tree(page)).title.as_deref(), Some("Tab title"));
    assert_eq!(
        extract(&tree(r#"{"tag":"p","children":["x"]}"#)).title,
        None
    );
}

#[test]
fn pre_keeps_its_whitespace_and_inline_whitespace_collapses() {
    assert_eq!(
        text(
            r#"{"tag":"div","children":[
            {"tag":"p","children":["  two\n\n   words  "]},
            {"tag":"pre","children":["\n  indented\n\tand  tabbed\n\n"]},
            {"tag":"p","children":["a",{"tag":"span","children":[" b "]},"c"]}
        ]}"#
        ),
        "two words\n\n  indented\n\tand  tabbed\n\na b c"
    );
}

#[test]
fn br_breaks_lines_within_a_paragraph() {
    assert_eq!(
        text(
            r#"{"tag":"p","children":["one ",{"tag":"br"}," two",{"tag":"br"},{"tag":"br"},{"tag":"br"},"three",{"tag":"br"}]}"#
        ),
        "one\ntwo\n\nthree"
    );
}

#[test]
fn list_items_get_bullets_or_numbers() {
    assert_eq!(
        text(
            r#"{"tag":"div","children":[
            {"tag":"ul","children":[{"tag":"li","children":["a"]},{"tag":"li","children":["b"]}]},
            {"tag":"ol","children":[{"tag":"li","children":["one"]},{"tag":"li","children":[{"tag":"p","children":["two"]}]}]},
            {"tag":"ol","attrs":{"start":"x"},"children":[{"tag":"li","children":["bad start"]}]},
            {"tag":"li","children":["stray"]}
        ]}"#
        ),
        "• a\n\n• b\n\n1. one\n\n2. two\n\n1. bad start\n\n• stray"
    );
}

#[test]
fn blocks_become_paragraphs_and_tables_rows() {
    assert_eq!(
        text(
            r#"{"tag":"section","children":[
            {"tag":"h2","children":["Head"]},"loose text",
            {"tag":"div","children":[{"tag":"div","children":["nested"]}]},
            {"tag":"hr"},
            {"tag":"blockquote","children":["quoted"]},
            {"tag":"dl","children":[{"tag":"dt","children":["term"]},{"tag":"dd","children":["definition"]}]},
            {"tag":"table","children":[{"tag":"tr","children":[{"tag":"td","children":["a"]},{"tag":"td","children":["b"]}]}]}
        ]}"#
        ),
        "Head\n\nloose text\n\nnested\n\nquoted\n\nterm\n\ndefinition\n\na\tb"
    );
}

#[test]
fn q_gets_quotation_marks() {
    assert_eq!(
        text(
            r#"{"tag":"p","children":["He said ",{"tag":"q","children":["she told me ",{"tag":"q","children":["no"]}]},"."]}"#
        ),
        "He said “she told me ‘no’”."
    );
}

#[test]
fn hidden_and_furniture_elements_are_skipped() {
    let skipped = [
        r#"{"tag":"script","children":["x"]}"#,
        r#"{"tag":"style","children":["x"]}"#,
        r#"{"tag":"noscript","children":["x"]}"#,
        r#"{"tag":"template","children":["x"]}"#,
        r#"{"tag":"nav","children":["x"]}"#,
        r#"{"tag":"header","children":["x"]}"#,
        r#"{"tag":"footer","children":["x"]}"#,
        r#"{"tag":"aside","children":["x"]}"#,
        r#"{"tag":"form","children":["x"]}"#,
        r#"{"tag":"button","children":["x"]}"#,
        r#"{"tag":"select","children":[{"tag":"option","children":["x"]}]}"#,
        r#"{"tag":"svg","children":[{"tag":"text","children":["x"]}]}"#,
        r#"{"tag":"iframe","children":["x"]}"#,
        r#"{"tag":"figure","children":[{"tag":"figcaption","children":["x"]}]}"#,
        r#"{"tag":"div","attrs":{"hidden":""},"children":["x"]}"#,
        r#"{"tag":"div","attrs":{"ARIA-HIDDEN":"True"},"children":["x"]}"#,
        r#"{"tag":"div","attrs":{"style":"color: red; display : none"},"children":["x"]}"#,
        r#"{"tag":"div","attrs":{"role":"navigation"},"children":["x"]}"#,
        r#"{"tag":"div","attrs":{"class":"gdpr-consent-box"},"children":["x"]}"#,
        r#"{"tag":"dialog","children":["x"]}"#,
    ];
    for s in skipped {
        let page =
            format!(r#"{{"tag":"body","children":[{s},{{"tag":"p","children":["kept"]}}]}}"#);
        assert_eq!(text(&page), "kept", "{s}");
    }
    // Not hidden: aria-hidden="false", an article's own header.
    assert_eq!(
        text(r#"{"tag":"div","attrs":[["aria-hidden","false"]],"children":["shown"]}"#),
        "shown"
    );
    assert_eq!(
        text(
            r#"{"tag":"article","children":[{"tag":"header","children":[{"tag":"h1","children":["Headline"]}]},{"tag":"p","children":["Body."]}]}"#
        ),
        "Headline\n\nBody."
    );
}

#[test]
fn the_content_root_is_chosen_only_when_substantial() {
    let filler = "Long sidebar text about other things. ".repeat(20);
    // A tiny article in a big page is not the content: the whole page is read.
    let page = format!(
        r#"{{"tag":"body","children":[{{"tag":"div","children":["{filler}"]}},{{"tag":"article","children":["Buy now"]}}]}}"#
    );
    let out = text(&page);
    assert!(out.contains("Long sidebar") && out.contains("Buy now"));
    // Two substantial articles: both, in order, and nothing else.
    let body = "A sentence of the article body. ".repeat(10);
    let page = format!(
        r#"{{"tag":"body","children":[
            {{"tag":"div","children":["Site tagline"]}},
            {{"tag":"article","children":[{{"tag":"p","children":["First. {body}"]}}]}},
            {{"tag":"div","children":["Between"]}},
            {{"tag":"article","children":[{{"tag":"p","children":["Second. {body}"]}}]}}
        ]}}"#
    );
    let out = text(&page);
    assert!(out.starts_with("First.") && out.contains("\n\nSecond."));
    assert!(!out.contains("tagline") && !out.contains("Between"));
    // role="main" works like <main>.
    let page = format!(
        r#"{{"tag":"body","children":[{{"tag":"div","children":["Masthead"]}},{{"tag":"div","attrs":{{"role":"main"}},"children":["{body}"]}}]}}"#
    );
    assert!(!text(&page).contains("Masthead"));
}

#[test]
fn trees_can_be_built_in_code_and_round_trip_through_json() {
    let node = HtmlNode::element(
        "P",
        &[("class", "lead")],
        vec![
            HtmlNode::text("Hello "),
            HtmlNode::element("b", &[], vec![HtmlNode::text("you")]),
        ],
    );
    assert_eq!(node.tag().as_deref(), Some("p"));
    assert_eq!(node.attr("CLASS"), Some("lead"));
    assert_eq!(HtmlNode::text("x").attr("class"), None);
    let json = serde_json::to_string(&node).unwrap();
    assert_eq!(serde_json::from_str::<HtmlNode>(&json).unwrap(), node);
    assert_eq!(extract(&node).text, "Hello you");
    // A bare string is a text node; missing attrs and children default to empty.
    assert_eq!(text(r#""just text""#), "just text");
    assert_eq!(text(r#"{"tag":"br"}"#), "");
}
