//! Imported HTML is parsed inertly with `DOMParser` (never inserted into the page, no
//! script runs) and walked into the neutral [`HtmlNode`] tree that the pure extractor
//! reads.

use crate::import::html::HtmlNode;
use wasm_bindgen::JsCast;

/// Deepest element nesting walked; deeper content is dropped (hostile pages).
const MAX_DEPTH: usize = 256;

/// Parses `html` inertly and returns its tree.
pub fn parse(html: &str) -> Option<HtmlNode> {
    let parser = web_sys::DomParser::new().ok()?;
    let doc = parser
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .ok()?;
    let root = doc.document_element()?;
    Some(walk(&root, 0))
}

fn walk(el: &web_sys::Element, depth: usize) -> HtmlNode {
    let attrs = el.attributes();
    let attrs = (0..attrs.length())
        .filter_map(|i| attrs.item(i))
        .map(|a| (a.name(), a.value()))
        .collect();
    let mut children = Vec::new();
    if depth < MAX_DEPTH {
        let nodes = el.child_nodes();
        for i in 0..nodes.length() {
            let Some(n) = nodes.item(i) else { continue };
            match n.node_type() {
                web_sys::Node::ELEMENT_NODE => {
                    if let Ok(e) = n.dyn_into::<web_sys::Element>() {
                        children.push(walk(&e, depth + 1));
                    }
                }
                web_sys::Node::TEXT_NODE => {
                    if let Some(t) = n.text_content() {
                        children.push(HtmlNode::Text(t));
                    }
                }
                _ => {}
            }
        }
    }
    HtmlNode::Element {
        tag: el.tag_name().to_lowercase(),
        attrs,
        children,
    }
}
