//! The user's durable state: rules, consent, call history, feedback and settings,
//! in one verified blob the app saves and loads (see [`crate::store`] for files).

use bincode::{Decode, Encode};

use super::{consent, feedback, history};
use crate::codec;
use crate::store::ParseError;

const MAGIC: &[u8; 8] = b"BURAOSTA";
const VERSION: u32 = 1;

/// Why saved state bytes were refused. The message names the file's kind,
/// version or checksum, never what the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateFileError {
    /// Too short, or not a Burao state file (another magic).
    NotStateFile,
    /// The checksum does not match: the file is damaged or cut.
    Checksum,
    /// A complete file of a newer format version than this library's.
    Newer {
        /// The version the file says.
        version: u32,
    },
    /// A version this library never wrote (older, or damaged).
    Version {
        /// The version the file says.
        version: u32,
    },
    /// The content passed its checksum but does not decode.
    Undecodable {
        /// What is wrong with the bytes (a tag, a length).
        reason: String,
    },
}

impl std::fmt::Display for StateFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StateFileError::NotStateFile => f.write_str("not a Burao state file"),
            StateFileError::Checksum => {
                f.write_str("state checksum mismatch: the file is corrupt or truncated")
            }
            StateFileError::Newer { version } | StateFileError::Version { version } => {
                write!(f, "state version {version}, this library reads {VERSION}")
            }
            StateFileError::Undecodable { reason } => write!(f, "state does not decode: {reason}"),
        }
    }
}

impl std::error::Error for StateFileError {}

/// Everything the engine remembers about its user. `Debug` hides the rule
/// document and the emergency numbers, which can hold phone numbers.
#[derive(Clone, PartialEq, Encode, Decode)]
pub struct UserState {
    /// The rule document in force (JSON, as given).
    pub rules_json: String,
    /// Consent and opt-out records, and evidence.
    pub consent: consent::ConsentRegistry,
    /// Recent calls.
    pub history: history::CallHistory,
    /// Spam / not-spam reports.
    pub feedback: feedback::FeedbackLog,
    /// Behaviour-layer thresholds.
    pub behaviour: history::BehaviourConfig,
    /// Numbers the app marked as emergency or essential service (canonical digits).
    pub emergency: Vec<String>,
    /// Keep message bodies in evidence records.
    pub keep_evidence_bodies: bool,
    /// Local time offset from UTC in minutes, for rule time windows.
    pub utc_offset_minutes: i32,
}

impl UserState {
    /// A fresh state; `salt` keys the hashes of numbers in history.
    pub fn new(salt: u64) -> UserState {
        UserState {
            rules_json: r#"{"schema":1,"rules":[]}"#.into(),
            consent: consent::ConsentRegistry::default(),
            history: history::CallHistory::new(salt),
            feedback: feedback::FeedbackLog::default(),
            behaviour: history::BehaviourConfig::default(),
            emergency: Vec::new(),
            keep_evidence_bodies: false,
            utc_offset_minutes: 8 * 60,
        }
    }

    /// Serialises with magic, version and checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::seal(MAGIC, VERSION, &codec::encode(self))
    }

    /// Reads bytes written by [`UserState::to_bytes`], verifying everything.
    pub fn from_bytes(bytes: &[u8]) -> Result<UserState, StateFileError> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(StateFileError::NotStateFile);
        }
        let Ok(content) = codec::verified(bytes) else {
            return Err(StateFileError::Checksum);
        };
        match codec::version(bytes) {
            VERSION => {}
            version if version > VERSION => return Err(StateFileError::Newer { version }),
            version => return Err(StateFileError::Version { version }),
        }
        codec::decode(&content[codec::HEADER..]).map_err(|e| StateFileError::Undecodable {
            reason: e.to_string(),
        })
    }

    /// Like [`UserState::from_bytes`], telling a damaged file from a complete
    /// one of a newer format version. The envelope (magic, version, payload,
    /// CRC-32 of everything before it) is the same in every version, so a
    /// flipped version byte reads as damage, not as a newer file.
    pub fn parse_file(bytes: &[u8]) -> Result<UserState, ParseError> {
        UserState::from_bytes(bytes).map_err(|e| match e {
            StateFileError::Newer { .. } => ParseError::Newer(e.to_string()),
            _ => ParseError::Corrupt(e.to_string()),
        })
    }

    /// The format version this library writes.
    pub const VERSION: u32 = VERSION;
}

fn redacted_all(numbers: &[String]) -> Vec<crate::redact::Redacted<'_>> {
    numbers.iter().map(|n| crate::redact::Redacted(n)).collect()
}

debug_fields! {
    UserState {
        rules_json => crate::redact::Redacted,
        consent,
        history,
        feedback,
        behaviour,
        emergency => redacted_all,
        keep_evidence_bodies,
        utc_offset_minutes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_rules_and_the_emergency_numbers() {
        let mut s = UserState::new(5);
        s.emergency.push("8613800138000".into());
        s.rules_json = r#"{"schema":1,"rules":[{"id":"mum","number":"13912345678"}]}"#.into();
        let dump = format!("{s:?}");
        for hidden in ["13800138000", "13912345678", "mum"] {
            assert!(!dump.contains(hidden), "{hidden} in {dump}");
        }
        assert!(dump.starts_with("UserState { rules_json: "), "{dump}");
        assert!(
            dump.ends_with("keep_evidence_bodies: false, utc_offset_minutes: 480 }"),
            "{dump}"
        );
        for field in [
            "consent: ",
            "history: ",
            "feedback: ",
            "behaviour: ",
            "emergency: [",
        ] {
            assert!(dump.contains(field), "{field} not in {dump}");
        }
    }

    #[test]
    fn round_trip_and_corruption() {
        let mut s = UserState::new(5);
        s.emergency.push("86110".into());
        let b = s.to_bytes();
        assert_eq!(UserState::from_bytes(&b).unwrap(), s);
        for cut in [0, 5, 12, b.len() - 1] {
            assert!(UserState::from_bytes(&b[..cut]).is_err());
        }
        let mut flipped = b.clone();
        flipped[14] ^= 1;
        let e = UserState::from_bytes(&flipped).unwrap_err();
        assert_eq!(e, StateFileError::Checksum);
        assert!(e.to_string().contains("checksum"));
        // A complete file of a newer version is told apart from damage.
        let mut newer = b[..b.len() - 4].to_vec();
        newer[8] = 2;
        let crc = crate::crc::hash(&newer);
        newer.extend_from_slice(&crc.to_le_bytes());
        assert!(matches!(
            UserState::parse_file(&newer),
            Err(ParseError::Newer(_))
        ));
        let e = UserState::from_bytes(&newer).unwrap_err();
        assert_eq!(e, StateFileError::Newer { version: 2 });
        assert_eq!(e.to_string(), "state version 2, this library reads 1");
        let mut flipped = b.clone();
        flipped[8] = 2;
        assert!(matches!(
            UserState::parse_file(&flipped),
            Err(ParseError::Corrupt(_))
        ));
    }
}
