//! Importing web pages (pure: no web types, tested natively).
//!
//! Two steps, both pure so they are tested natively; the import dialog drives them:
//!
//! - [`html`]: the browser parses an HTML file inertly and hands over an
//!   [`HtmlNode`] tree; [`extract`] reads its text (article content, paragraphs
//!   separated by blank lines) and title.
//! - [`cleaner`]: [`clean`] cuts the text of a saved page (or of [`extract`]) into
//!   stories and removes page furniture line by line, by the rules in
//!   [`rules`] (data: `furniture.txt`), producing a [`Preview`] that the user
//!   edits before importing [`Preview::documents`].
//!
//! The cleaner never rewrites the text it keeps: it only drops whole lines and cuts the
//! page into stories (CONVENTIONS.md); see [`cleaner`] for the exact guarantee.

pub mod cleaner;
pub mod html;
pub mod rules;

pub use cleaner::{clean, DuplicateDiff, Line, LineEnd, LineRole, Preview, PreviewError, Story};
pub use html::{extract, Extracted, HtmlNode};

/// Extracts a parsed HTML page and cleans the result: [`extract`] then [`clean`].
///
/// When the first story has no headline of its own, it takes the page's title.
pub fn clean_html(root: &HtmlNode) -> Preview {
    let extracted = extract(root);
    let mut preview = clean(&extracted.text);
    if let (Some(title), Some(first)) = (extracted.title, preview.stories.first_mut()) {
        if first.title_guessed {
            first.title = title;
            first.title_guessed = false;
        }
    }
    preview
}
