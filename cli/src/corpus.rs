//! Reading labelled messages: the shared corpus format
//! (`id\tlabel\tsender\ttext`), the category format of `dev_categories.tsv`
//! and of our fixtures (`id\tlabel\tcategory\tsender\ttext`), and label files
//! (`id\tcategory`) that add categories to corpus rows by id.

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
    /// True for rows of the five-column category format.
    pub has_category_column: bool,
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

pub fn read(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
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
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
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

    #[test]
    fn reads_all_three_formats() {
        let dir = std::env::temp_dir().join(format!("burao-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("mixed.tsv");
        std::fs::write(
            &p,
            "a\tspam\t106\t买一送一\n\
             b\tspam\tham\t\t明天见\n\
             c\tham\ttransaction\t95588\t验证码1234\n\
             d\tspam\tloan\t\t低息贷款\n",
        )
        .unwrap();
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
}
