//! Reading labelled messages: the shared corpus format
//! (`id\tlabel\tsender\ttext`), the category format of `dev_categories.tsv`
//! and of our fixtures (`id\tlabel\tcategory\tsender\ttext`), and label files
//! (`id\tcategory`) that add categories to corpus rows by id.
//!
//! A corpus file with a `categories.tsv` beside it whose header is
//! `id\tcategory\tsource_category` is the fake-base-station corpus
//! (`zh_fbs_spam`): every row takes its category from that file, and the
//! placeholders its authors put in the text are expanded to realistic forms
//! (see [`crate::placeholders`]). Rows whose category is empty there (political
//! propaganda) stay spam with no category: they count for the spam head and
//! for spam F1, not for the category head or the category confusion.

use std::collections::HashMap;
use std::path::Path;

use burao_core::Category;

/// One labelled row. The text is personal data: never print it.
pub struct Row {
    pub id: String,
    pub sender: String,
    pub text: String,
    pub spam: bool,
    /// The labelled category; `None` when only spam/ham is known.
    pub category: Option<Category>,
    /// True for rows of the five-column category format (written or
    /// labelled by hand).
    pub has_category_column: bool,
}

impl Row {
    /// True when the row's category is known: the five-column format (`ham`
    /// included), or a corpus row whose `categories.tsv` entry names one.
    pub fn category_known(&self) -> bool {
        self.has_category_column || self.category.is_some()
    }
}

// Bodies and senders are personal data: Debug shows the labels only.
impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Row({}, spam={}, category={:?})",
            self.id, self.spam, self.category
        )
    }
}

/// Reads a category name; `ham` (legitimate, kind unknown) is `Ok(None)`.
fn category(name: &str) -> Result<Option<Category>, String> {
    match name {
        "ham" => Ok(None),
        other => Category::parse(other)
            .filter(|c| *c != Category::Harassment)
            .map(Some)
            .ok_or_else(|| format!("unknown category `{other}`")),
    }
}

/// The header of a `categories.tsv` (`zh_fbs_spam`).
const CATEGORIES_HEADER: &str = "id\tcategory\tsource_category";

/// The `categories.tsv` beside a corpus file, when there is one.
fn sibling_categories(path: &Path) -> Option<std::path::PathBuf> {
    let p = path.parent()?.join("categories.tsv");
    let first = std::fs::read_to_string(&p).ok()?;
    (first.lines().next()?.trim_end() == CATEGORIES_HEADER).then_some(p)
}

/// Reads a `categories.tsv`: `id\tcategory\tsource_category` after a header;
/// an empty category is spam of no category of ours.
pub fn read_categories(path: &Path) -> Result<HashMap<String, Option<Category>>, String> {
    let text = read_text(path)?;
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let at = || format!("{} line {}", path.display(), n + 1);
        if n == 0 {
            if line.trim_end() != CATEGORIES_HEADER {
                return Err(format!(
                    "{}: expected the header `id<TAB>category<TAB>source_category`",
                    at()
                ));
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 3 {
            return Err(format!("{}: {} fields, expected 3", at(), f.len()));
        }
        let c = match f[1].trim() {
            "" => None,
            name => Some(
                category(name)
                    .map_err(|e| format!("{}: {e}", at()))?
                    .filter(|c| c.is_unwanted())
                    .ok_or_else(|| format!("{}: category `{name}` is not spam", at()))?,
            ),
        };
        if out.insert(f[0].trim().to_string(), c).is_some() {
            return Err(format!("{}: id `{}` listed twice", at(), f[0].trim()));
        }
    }
    Ok(out)
}

pub fn read(path: &Path) -> Result<Vec<Row>, String> {
    let mut rows = read_file(path)?;
    let Some(cat_path) = sibling_categories(path) else {
        return Ok(rows);
    };
    let cats = read_categories(&cat_path)?;
    for r in &mut rows {
        if r.has_category_column {
            return Err(format!(
                "{}: five-column rows next to {}",
                path.display(),
                cat_path.display()
            ));
        }
        let c = cats.get(&r.id).ok_or_else(|| {
            format!(
                "{}: row {} has no entry in {}",
                path.display(),
                r.id,
                cat_path.display()
            )
        })?;
        if !r.spam {
            return Err(format!(
                "{}: row {} is ham, but a categories.tsv corpus is spam only",
                path.display(),
                r.id
            ));
        }
        r.category = *c;
        r.text = crate::placeholders::expand(&r.id, &r.text);
        r.sender = crate::placeholders::expand(&r.id, &r.sender);
    }
    Ok(rows)
}

/// The text of `path`, or an error naming it.
fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The data lines of a TSV text with their 0-based numbers: blank lines and
/// `#` comments skipped.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn read_file(path: &Path) -> Result<Vec<Row>, String> {
    let text = read_text(path)?;
    let mut rows = Vec::new();
    for (n, line) in data_lines(&text) {
        let at = || format!("{} line {}", path.display(), n + 1);
        let f: Vec<&str> = line.split('\t').collect();
        let (id, label, cat, sender, body) = match f.len() {
            4 => (f[0], f[1], None, f[2], f[3]),
            5 => (f[0], f[1], Some(f[2]), f[3], f[4]),
            k => return Err(format!("{}: {k} fields, expected 4 or 5", at())),
        };
        let labelled_spam = match label {
            "spam" => true,
            "ham" => false,
            other => return Err(format!("{}: label `{other}`, expected spam or ham", at())),
        };
        let category = match cat {
            Some(c) => category(c).map_err(|e| format!("{}: {e}", at()))?,
            None => None,
        };
        // A category overrides the noisy spam/ham label (`dev_categories.tsv`
        // marks legitimate rows that users reported as spam with `ham`).
        let spam = match (cat, category) {
            (_, Some(c)) => c.is_unwanted(),
            (Some(_), None) => false,
            (None, None) => labelled_spam,
        };
        rows.push(Row {
            id: id.to_string(),
            sender: sender.to_string(),
            text: body.to_string(),
            spam,
            category,
            has_category_column: cat.is_some(),
        });
    }
    Ok(rows)
}

/// Reads `id\tcategory` label files.
pub fn read_labels(path: &Path) -> Result<HashMap<String, Option<Category>>, String> {
    let text = read_text(path)?;
    let mut out = HashMap::new();
    for (n, line) in data_lines(&text) {
        let (id, cat) = line.split_once('\t').ok_or_else(|| {
            format!(
                "{} line {}: expected id<TAB>category",
                path.display(),
                n + 1
            )
        })?;
        let c =
            category(cat.trim()).map_err(|e| format!("{} line {}: {e}", path.display(), n + 1))?;
        out.insert(id.trim().to_string(), c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory `burao-NAME-PID` holding `file` with `text`: both paths.
    fn scratch_file(
        name: &str,
        file: &str,
        text: &str,
    ) -> (std::path::PathBuf, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("burao-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn reads_all_three_formats() {
        let mixed = "a\tspam\t106\t买一送一\n\
             b\tspam\tham\t\t明天见\n\
             c\tham\ttransaction\t95588\t验证码1234\n\
             d\tspam\tloan\t\t低息贷款\n";
        let (dir, p) = scratch_file("corpus", "mixed.tsv", mixed);
        let rows = read(&p).unwrap();
        let got: Vec<(bool, Option<Category>)> =
            rows.iter().map(|r| (r.spam, r.category)).collect();
        assert_eq!(
            got,
            vec![
                (true, None),
                (false, None),
                (false, Some(Category::Transaction)),
                (true, Some(Category::Loan)),
            ]
        );
        std::fs::write(&p, "x\tmaybe\t\ttext\n").unwrap();
        assert!(read(&p).unwrap_err().contains("line 1"));
        std::fs::write(&p, "only\ttwo\n").unwrap();
        assert!(read(&p).unwrap_err().contains("2 fields"));
        let l = dir.join("labels.tsv");
        std::fs::write(&l, "a\tfraud\nb\tham\n").unwrap();
        let labels = read_labels(&l).unwrap();
        assert_eq!(labels["a"], Some(Category::Fraud));
        assert_eq!(labels["b"], None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_categories_tsv_beside_the_corpus_adds_categories_and_expands_placeholders() {
        let corpus = "r1\tspam\t\t低息贷款当天到账详询 CELLPHONE\n\
             r2\tspam\t\t您的 BANK 账户已冻结请登录 URL 解冻\n\
             r3\tspam\t\t一段宣传口号 DIGIT 年\n";
        let (dir, dev) = scratch_file("fbs", "dev.tsv", corpus);
        let cats = dir.join("categories.tsv");
        std::fs::write(
            &cats,
            "id\tcategory\tsource_category\nr1\tloan\tAD:Loan\nr2\tfraud\tFR:Bank\nr3\t\tPolitical\n",
        )
        .unwrap();
        let rows = read(&dev).unwrap();
        let got: Vec<(bool, Option<Category>, bool)> = rows
            .iter()
            .map(|r| (r.spam, r.category, r.category_known()))
            .collect();
        assert_eq!(
            got,
            vec![
                (true, Some(Category::Loan), true),
                (true, Some(Category::Fraud), true),
                (true, None, false),
            ]
        );
        assert!(rows.iter().all(|r| !r.has_category_column));
        for r in &rows {
            for p in ["CELLPHONE", "BANK", "DIGIT"] {
                assert!(!r.text.contains(p), "{r:?}");
            }
        }
        assert!(rows[0].text.starts_with("低息贷款当天到账详询"));
        let texts = |rows: &[Row]| rows.iter().map(|r| r.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&rows), texts(&read(&dev).unwrap()), "deterministic");
        // A row missing from categories.tsv is an error, not a silent guess.
        std::fs::write(&cats, "id\tcategory\tsource_category\nr1\tloan\tAD:Loan\n").unwrap();
        let e = read(&dev).unwrap_err();
        assert!(e.contains("r2") && e.contains("categories.tsv"), "{e}");
        std::fs::write(&cats, "id\tcategory\tsource_category\nr1\ttransaction\tX\n").unwrap();
        assert!(read(&dev).unwrap_err().contains("not spam"));
        // Without the header the file is not a categories.tsv: plain corpus.
        std::fs::write(&cats, "r1\tloan\tAD:Loan\n").unwrap();
        let plain = read(&dev).unwrap();
        assert!(plain[0].text.contains("CELLPHONE") && plain[0].category.is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
