//! The built-in sample articles.
//!
//! Three short, entirely fictional news stories that a first-time user can
//! annotate at once. All people, organisations and towns are invented; only
//! country and city names such as Greece, Denmark or Athens are real.
//!
//! Paragraphs are separated by exactly one blank line (`"\n\n"`), the title is
//! kept separately (the text does not start with it), and direct speech uses
//! curly quotes (“…”). Following news convention, a quote that runs over two
//! paragraphs has no closing mark at the end of the first paragraph and an
//! opening mark at the start of the second, so a text may contain more “ than ”.
//!
//! Between them the articles contain named people (full name first, then
//! surname, pronouns and roles), organisations and places; several attribution
//! patterns (“…,” said X / X said / according to X / “…,” the minister told
//! reporters); reported speech; explicit stances for and against; exactly one
//! emoji (🚲, in a quoted social-media post); accented names (Zoë Marchetti,
//! José Ibáñez, Søren Dahl); and non-Latin-script names (Greek Νίκος Ανδρέου,
//! Arabic ليلى حداد) next to their transliterations.

/// A built-in sample article.
#[derive(Clone, Copy, Debug)]
pub struct SampleArticle {
    /// The headline, shown separately from the text.
    pub title: &'static str,
    /// A fictional description of where the article comes from.
    pub source: &'static str,
    /// The article body: plain text, paragraphs separated by `"\n\n"`.
    pub text: &'static str,
}

/// The built-in sample articles, in display order.
static SAMPLE_ARTICLES: [SampleArticle; 3] = [
    SampleArticle {
        title: "Council split over riverside bike lane",
        source: "Sample: The Eldermere Courier",
        text: "Eldermere City Council will vote next month on a plan to build a two-kilometre protected bike lane along the River Aske, after a three-hour debate on Tuesday night left members sharply divided.\n\n\
               Councillor Zoë Marchetti, who chairs the council's transport committee, said the lane would make the waterfront safer for children and commuters. “We have waited ten years for a safe route to the station,” she told the packed chamber. “This is the cheapest and quickest way to get there.”\n\n\
               Harold Pennick, chair of the Eldermere Traders' Association, is against the plan. He said that removing forty parking spaces on Quay Street would hurt shops that already struggle through the winter months.\n\n\
               “Our members are not against cycling,” Pennick said. “But nobody asked the bakery, the hardware store or the florist what happens when their customers can no longer park outside.\n\n\
               “Give us a real consultation, and we will come to the table.”\n\n\
               According to a council survey published last week, 58 per cent of residents support the lane. The Riverside Cycling Club shared the result online with the message “Almost there, Eldermere! 🚲” and Marchetti said she expected support to grow once the construction drawings went on display at the library.\n\n\
               Mayor Ruth Okafor-Lind has not said how she will vote. “I want to see the full costs before I decide,” the mayor told reporters after the meeting.",
    },
    SampleArticle {
        title: "Port strike enters third day in Aridia",
        source: "Sample: Aegean Coast Gazette",
        text: "Cargo traffic at the Port of Aridia in northern Greece remained at a standstill on Thursday as a strike by crane operators and dockworkers entered its third day, leaving more than twenty ships waiting at anchor.\n\n\
               The Aridia Harbour Workers' Union called the walkout after the port authority announced plans to install automated cranes at the container terminal by 2027. The union's general secretary, Nikos Andreou (Νίκος Ανδρέου), said the plan had been drawn up without a single meeting with staff.\n\n\
               “They want machines on the quay and people at home,” Andreou said outside the terminal gates on Thursday morning. “We will not accept a future that was decided behind closed doors.”\n\n\
               The Aridia Port Authority supports the automation project. Its chief executive, Eleni Marou, said the new cranes would keep the port competitive with larger hubs and insisted that no permanent jobs would be cut. “Standing still is the real danger for this port,” Marou said.\n\n\
               Shipping companies are growing impatient. According to José Ibáñez, regional director of the Meridian Line container service, every idle day costs his company about 80,000 euros. “Our customers in Bulgaria and Serbia are already asking about other routes,” said Ibáñez.\n\n\
               Talks between the union and the port authority are due to resume on Friday in Thessaloniki, with a mediator appointed by the regional government. Andreou said his members would return to work only if the automation plan was put on hold.",
    },
    SampleArticle {
        title: "Student-built satellite cleared for launch",
        source: "Sample: The Kildebro Herald",
        text: "A shoebox-sized satellite built by students at the University of Kildebro has been cleared for launch next spring, making the small Danish university one of the few in the region with its own spacecraft.\n\n\
               The satellite, named Tern-1, will measure sea ice along the coast of Greenland. The project's lead scientist, Dr. Layla Haddad (ليلى حداد), said the instrument could give fishing communities earlier warnings about thinning ice.\n\n\
               “We tested it in a freezer, a vacuum chamber and, once, in the back of a van on a very bumpy road,” said Søren Dahl, a fourth-year engineering student who leads the software team. He said the team had rewritten the flight software four times.\n\n\
               The project received 1.2 million kroner from the Nordic Space Education Fund. Science Minister Karen Vestergaard, who visited the basement laboratory on Monday, strongly supports the funding. “This is exactly the kind of hands-on research we should be paying for,” the minister told reporters.\n\n\
               Not everyone agrees. Per Madsen, a Kildebro municipal councillor for the Taxpayers' League, opposes the grant and called the satellite a vanity project. “Our students need better housing, not a satellite,” Madsen said. According to Madsen, the money would have paid for sixty new student rooms.\n\n\
               Haddad said the team was already sketching a second, larger satellite. “Tern-1 is only the beginning,” she said.",
    },
];

/// The three built-in sample articles, in display order.
pub fn sample_articles() -> &'static [SampleArticle] {
    &SAMPLE_ARTICLES
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<&str> {
        text.split("\n\n").collect()
    }

    fn is_emoji(c: char) -> bool {
        c >= '\u{1F300}'
    }

    fn count(text: &str, needle: char) -> usize {
        text.chars().filter(|&c| c == needle).count()
    }

    #[test]
    fn there_are_three_articles() {
        assert_eq!(sample_articles().len(), 3);
    }

    #[test]
    fn titles_and_sources_are_set_and_text_does_not_start_with_title() {
        for a in sample_articles() {
            assert!(!a.title.trim().is_empty());
            assert!(a.source.starts_with("Sample: "), "{}", a.source);
            assert!(!a.source.contains("http"), "{}", a.source);
            assert!(!a.text.starts_with(a.title), "{}", a.title);
        }
    }

    #[test]
    fn each_article_has_four_to_seven_clean_paragraphs() {
        for a in sample_articles() {
            let ps = paragraphs(a.text);
            assert!((4..=7).contains(&ps.len()), "{}: {}", a.title, ps.len());
            for p in ps {
                assert!(!p.is_empty(), "{}", a.title);
                assert_eq!(p, p.trim(), "{}: untrimmed paragraph", a.title);
                assert!(!p.contains('\n'), "{}: stray newline", a.title);
            }
        }
    }

    #[test]
    fn each_article_is_short() {
        for a in sample_articles() {
            let words = a.text.split_whitespace().count();
            assert!((180..=320).contains(&words), "{}: {words} words", a.title);
        }
    }

    #[test]
    fn no_carriage_returns_or_straight_double_quotes() {
        for a in sample_articles() {
            assert!(!a.text.contains('\r'), "{}", a.title);
            assert!(!a.text.contains('"'), "{}", a.title);
        }
    }

    #[test]
    fn curly_quotes_follow_news_convention() {
        for a in sample_articles() {
            let opens = count(a.text, '“');
            let closes = count(a.text, '”');
            assert!(opens >= 1, "{}: no direct speech", a.title);
            assert!(opens >= closes, "{}: {opens} “ vs {closes} ”", a.title);
            // Within a paragraph quotes never nest; a paragraph may leave one
            // quote open only if the next paragraph reopens it.
            let ps = paragraphs(a.text);
            for (i, p) in ps.iter().enumerate() {
                let mut open = false;
                for c in p.chars() {
                    match c {
                        '“' => {
                            assert!(!open, "{}: nested “ in paragraph {i}", a.title);
                            open = true;
                        }
                        '”' => {
                            assert!(open, "{}: stray ” in paragraph {i}", a.title);
                            open = false;
                        }
                        _ => {}
                    }
                }
                if open {
                    let next = ps.get(i + 1).expect("open quote in last paragraph");
                    assert!(next.starts_with('“'), "{}: paragraph {i}", a.title);
                }
            }
        }
    }

    #[test]
    fn some_quote_spans_two_paragraphs() {
        let spanning = sample_articles()
            .iter()
            .filter(|a| count(a.text, '“') > count(a.text, '”'))
            .count();
        assert!(spanning >= 1);
    }

    #[test]
    fn exactly_one_emoji_in_the_set() {
        let emoji: usize = sample_articles()
            .iter()
            .map(|a| a.text.chars().filter(|&c| is_emoji(c)).count())
            .sum();
        assert_eq!(emoji, 1);
    }

    #[test]
    fn accented_and_non_latin_names_are_present() {
        let all: String = sample_articles().iter().map(|a| a.text).collect();
        assert!(all
            .chars()
            .any(|c| c.is_alphabetic() && !c.is_ascii() && (c as u32) < 0x250));
        for name in ["Zoë Marchetti", "José Ibáñez", "Søren Dahl"] {
            assert!(all.contains(name), "{name}");
        }
        assert!(all.contains("Νίκος Ανδρέου"));
        assert!(all.contains("ليلى حداد"));
    }
}
