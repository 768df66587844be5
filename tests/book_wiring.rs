//! The book stays wired: every chapter in SUMMARY.md exists and is run as a doctest by
//! book/doctest.rs, and every figure a chapter shows exists in book/src/figures.

use std::fs;
use std::path::{Path, PathBuf};

fn book_src() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "book", "src"].iter().collect()
}

/// The chapter files SUMMARY.md links to (draft chapters, `[Title]()`, have none yet).
fn chapters() -> Vec<String> {
    let summary =
        fs::read_to_string(book_src().join("SUMMARY.md")).expect("SUMMARY.md is readable");
    summary
        .lines()
        .filter_map(|line| {
            let start = line.find("](")? + 2;
            let end = start + line[start..].find(')')?;
            let target = &line[start..end];
            (!target.is_empty()).then(|| target.to_string())
        })
        .collect()
}

#[test]
fn every_chapter_exists_and_runs_as_a_doctest() {
    let runner = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("book/doctest.rs"))
        .expect("book/doctest.rs is readable");
    let chapters = chapters();
    assert!(chapters.contains(&"introduction.md".to_string()));
    for chapter in chapters {
        assert!(
            book_src().join(&chapter).is_file(),
            "SUMMARY.md links to missing {chapter}"
        );
        let include = format!("include_str!(\"src/{chapter}\")");
        assert!(
            runner.contains(&include),
            "book/doctest.rs does not run {chapter}"
        );
    }
}

#[test]
fn every_figure_a_chapter_shows_exists() {
    for chapter in chapters() {
        let text = fs::read_to_string(book_src().join(&chapter)).expect("chapter is readable");
        for (at, _) in text.match_indices("](figures/") {
            let start = at + 2;
            let end = start + text[start..].find(')').expect("figure link is closed");
            let figure = &text[start..end];
            assert!(
                book_src().join(figure).is_file(),
                "{chapter} shows missing {figure}"
            );
        }
    }
}
