//! The user's durable state: rules, consent, call history, feedback and settings,
//! in one verified blob the app saves and loads (see [`crate::store`] for files).

use bincode::{Decode, Encode};

use super::consent::ConsentRegistry;
use super::feedback::FeedbackLog;
use super::history::{BehaviourConfig, CallHistory};
use crate::codec;
use crate::store::ParseError;

const MAGIC: &[u8; 8] = b"BURAOSTA";
const VERSION: u32 = 1;

/// Everything the engine remembers about its user. `Debug` hides the rule
/// document and the emergency numbers, which can hold phone numbers.
#[derive(Clone, PartialEq, Encode, Decode)]
pub struct UserState {
    /// The rule document in force (JSON, as given).
    pub rules_json: String,
    /// Consent and opt-out records, and evidence.
    pub consent: ConsentRegistry,
    /// Recent calls.
    pub history: CallHistory,
    /// Spam / not-spam reports.
    pub feedback: FeedbackLog,
    /// Behaviour-layer thresholds.
    pub behaviour: BehaviourConfig,
    /// Numbers the app marked as emergency or essential service (canonical digits).
    pub emergency: Vec<String>,
    /// Keep message bodies in evidence records.
    pub keep_evidence_bodies: bool,
    /// Local time offset from UTC in minutes, for rule time windows.
    pub utc_offset_minutes: i32,
}

impl std::fmt::Debug for UserState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::redact::Redacted;
        f.debug_struct("UserState")
            .field("rules_json", &Redacted(&self.rules_json))
            .field("consent", &self.consent)
            .field("history", &self.history)
            .field("feedback", &self.feedback)
            .field("behaviour", &self.behaviour)
            .field(
                "emergency",
                &self
                    .emergency
                    .iter()
                    .map(|e| Redacted(e))
                    .collect::<Vec<_>>(),
            )
            .field("keep_evidence_bodies", &self.keep_evidence_bodies)
            .field("utc_offset_minutes", &self.utc_offset_minutes)
            .finish()
    }
}

impl UserState {
    /// A fresh state; `salt` keys the hashes of numbers in history.
    pub fn new(salt: u64) -> UserState {
        UserState {
            rules_json: r#"{"schema":1,"rules":[]}"#.into(),
            consent: ConsentRegistry::default(),
            history: CallHistory::new(salt),
            feedback: FeedbackLog::default(),
            behaviour: BehaviourConfig::default(),
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
    pub fn from_bytes(bytes: &[u8]) -> Result<UserState, String> {
        UserState::parse_file(bytes).map_err(|e| match e {
            ParseError::Corrupt(m) | ParseError::Newer(m) => m,
        })
    }

    /// Like [`UserState::from_bytes`], telling a damaged file from a complete
    /// one of a newer format version. The envelope (magic, version, payload,
    /// CRC-32 of everything before it) is the same in every version, so a
    /// flipped version byte reads as damage, not as a newer file.
    pub fn parse_file(bytes: &[u8]) -> Result<UserState, ParseError> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(ParseError::Corrupt("not a Burao state file".into()));
        }
        let Ok(content) = codec::verified(bytes) else {
            return Err(ParseError::Corrupt(
                "state checksum mismatch: the file is corrupt or truncated".into(),
            ));
        };
        let version = codec::version(bytes);
        if version > VERSION {
            return Err(ParseError::Newer(format!(
                "state version {version}, this library reads {VERSION}"
            )));
        }
        if version != VERSION {
            return Err(ParseError::Corrupt(format!(
                "state version {version}, this library reads {VERSION}"
            )));
        }
        codec::decode(&content[codec::HEADER..])
            .map_err(|e| ParseError::Corrupt(format!("state does not decode: {e}")))
    }

    /// The format version this library writes.
    pub const VERSION: u32 = VERSION;
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(UserState::from_bytes(&flipped)
            .unwrap_err()
            .contains("checksum"));
        // A complete file of a newer version is told apart from damage.
        let mut newer = b[..b.len() - 4].to_vec();
        newer[8] = 2;
        let crc = crate::crc::hash(&newer);
        newer.extend_from_slice(&crc.to_le_bytes());
        assert!(matches!(
            UserState::parse_file(&newer),
            Err(ParseError::Newer(_))
        ));
        let mut flipped = b.clone();
        flipped[8] = 2;
        assert!(matches!(
            UserState::parse_file(&flipped),
            Err(ParseError::Corrupt(_))
        ));
    }
}
