//! From classifier scores to an SMS action. The policy is data: an app may
//! change which category leads to which action and how sure the model must be.
//!
//! Precision comes first: a message is filed away only when the calibrated
//! spam probability clears the threshold of its action; below that it falls
//! back to its legitimate class (transaction or allow). Wrongly junking a
//! bank, courier or doctor message is worse than missing a spam.

use crate::verdict::{Action, Category};

use super::model::Scores;

/// Category → action, with precision-first thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct SmsPolicy {
    /// The action for each category; categories not listed are allowed.
    pub actions: Vec<(Category, Action)>,
    /// Minimum spam probability to file a message as junk.
    pub junk_threshold: f32,
    /// Minimum spam probability to file a message as a promotion; an
    /// unwanted message between this and `junk_threshold` is filed as a
    /// promotion rather than junk.
    pub promotion_threshold: f32,
}

impl Default for SmsPolicy {
    fn default() -> SmsPolicy {
        SmsPolicy {
            actions: vec![
                (Category::Fraud, Action::Junk),
                (Category::Loan, Action::Junk),
                (Category::Insurance, Action::Junk),
                (Category::RealEstate, Action::Junk),
                (Category::OtherPromo, Action::Promotion),
                (Category::Transaction, Action::Transaction),
                (Category::Personal, Action::Allow),
            ],
            junk_threshold: 0.9,
            promotion_threshold: 0.7,
        }
    }
}

/// The policy's decision: action, category, and the probability behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// What to do.
    pub action: Action,
    /// What the message is.
    pub category: Category,
    /// The probability of that reading (spam probability for unwanted
    /// categories, its complement for legitimate ones).
    pub score: f32,
    /// True when the message looked unwanted but not surely enough.
    pub fell_back: bool,
}

impl SmsPolicy {
    /// The action for a category.
    pub fn action_for(&self, category: Category) -> Action {
        self.actions
            .iter()
            .find(|(c, _)| *c == category)
            .map(|&(_, a)| a)
            .unwrap_or(Action::Allow)
    }

    /// Decides on scores.
    pub fn decide(&self, s: &Scores) -> Decision {
        let (category, _) = s.unwanted;
        let wanted = self.action_for(category);
        let action = match wanted {
            Action::Junk if s.spam >= self.junk_threshold => Some(Action::Junk),
            Action::Junk | Action::Promotion if s.spam >= self.promotion_threshold => {
                Some(Action::Promotion)
            }
            _ => None,
        };
        match action {
            Some(action) => Decision {
                action,
                category,
                score: s.spam,
                fell_back: false,
            },
            None => {
                let (legit, _) = s.legitimate;
                Decision {
                    action: self.action_for(legit),
                    category: legit,
                    score: 1.0 - s.spam,
                    fell_back: s.spam >= 0.5,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(spam: f32, unwanted: Category, legit: Category) -> Scores {
        Scores {
            spam,
            unwanted: (unwanted, 0.9),
            legitimate: (legit, 0.9),
            logit: 0.0,
            top: vec![],
        }
    }

    #[test]
    fn sure_spam_is_junked_by_category() {
        let p = SmsPolicy::default();
        let d = p.decide(&scores(0.99, Category::Loan, Category::Transaction));
        assert_eq!((d.action, d.category), (Action::Junk, Category::Loan));
        let d = p.decide(&scores(0.99, Category::OtherPromo, Category::Personal));
        assert_eq!(d.action, Action::Promotion);
    }

    #[test]
    fn unsure_spam_falls_back() {
        let p = SmsPolicy::default();
        let d = p.decide(&scores(0.75, Category::Loan, Category::Transaction));
        assert_eq!(d.action, Action::Promotion);
        let d = p.decide(&scores(0.6, Category::Fraud, Category::Transaction));
        assert_eq!(
            (d.action, d.category, d.fell_back),
            (Action::Transaction, Category::Transaction, true)
        );
        let d = p.decide(&scores(0.1, Category::Fraud, Category::Personal));
        assert_eq!((d.action, d.fell_back), (Action::Allow, false));
    }

    #[test]
    fn the_policy_is_data() {
        let mut p = SmsPolicy::default();
        p.actions.retain(|(c, _)| *c != Category::OtherPromo);
        p.actions.push((Category::OtherPromo, Action::Junk));
        let d = p.decide(&scores(0.95, Category::OtherPromo, Category::Personal));
        assert_eq!(d.action, Action::Junk);
    }
}
