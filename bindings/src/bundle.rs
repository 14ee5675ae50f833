//! Bundles: the constructors, swaps, signed updates and the summary
//! ([`BundleInfo`], a copy: its sizes are signed and it says what the bundle
//! can do).

use crate::convert::{public_keys, signed, signed32};
use crate::{BuraoError, Screener};

/// Who made a bundle, when, for which region.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Metadata {
    /// A name for people ("burao-default").
    pub name: String,
    /// A free-form version string.
    pub version: String,
    /// Creation time, seconds since the Unix epoch.
    pub created_unix: i64,
    /// The region whose national forms the lists were written in.
    pub region: String,
    /// Monotonic sequence number.
    pub sequence: i64,
}

/// One named section of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BundleSection {
    /// Section name (`lists.fst`).
    pub name: String,
    /// Size in bytes.
    pub size: i64,
}

/// A summary of a bundle and what it can do. Without an SMS model
/// (`hasSmsModel` false) its text classifier is off: an app that filters
/// messages should refuse it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BundleInfo {
    /// The bundle's metadata.
    pub metadata: Metadata,
    /// Total size in bytes.
    pub size: i64,
    /// Number of list patterns.
    pub patterns: i64,
    /// Number of distinct list entries.
    pub entries: i64,
    /// Each section's name and size.
    pub sections: Vec<BundleSection>,
    /// True when the bundle carries the SMS classifier (section `sms.model`).
    pub has_sms_model: bool,
    /// The model format version when there is a model, else null.
    pub sms_model_version: Option<i32>,
    /// The bundle file format version.
    pub format_version: i32,
    /// The version of this library (libburao), which read the bundle.
    pub library_version: String,
}

#[uniffi::export]
impl Screener {
    /// A screener over the bundle embedded in the library.
    #[uniffi::constructor]
    #[allow(clippy::new_without_default)] // `Default` means nothing to Kotlin or Swift.
    pub fn new() -> Self {
        Screener::wrap(burao_core::Screener::with_default_bundle())
    }

    /// A screener over a bundle file's bytes (as written by `burao build`).
    #[uniffi::constructor]
    pub fn from_bundle(bytes: Vec<u8>) -> Result<Self, BuraoError> {
        Ok(Screener::wrap(burao_core::Screener::from_bytes(bytes)?))
    }

    /// A screener over a signed bundle, pinned to `trustedKeys` (32-byte
    /// Ed25519 public keys) from the start: later bundles must be signed too.
    #[uniffi::constructor]
    pub fn from_signed_bundle(
        bytes: Vec<u8>,
        trusted_keys: Vec<Vec<u8>>,
    ) -> Result<Self, BuraoError> {
        let keys = public_keys(trusted_keys)?;
        Ok(Screener::wrap(burao_core::Screener::from_signed_bytes(
            bytes, keys,
        )?))
    }

    /// Swaps in a new bundle atomically; a bad one is refused and the old one keeps serving.
    pub fn replace_bundle(&self, bytes: Vec<u8>) -> Result<BundleInfo, BuraoError> {
        Ok(self.inner.replace_bundle(bytes)?.into())
    }

    /// A summary of the bundle in force, and what it can do (`hasSmsModel`).
    pub fn bundle_info(&self) -> BundleInfo {
        self.inner.bundle_info().into()
    }

    /// Pins the Ed25519 public keys (32 bytes each) later bundles must be
    /// signed with; an empty list unpins. A bad key changes nothing.
    pub fn set_trusted_keys(&self, keys: Vec<Vec<u8>>) -> Result<(), BuraoError> {
        Ok(self.inner.set_trusted_keys(public_keys(keys)?)?)
    }

    /// Applies a delta patch (from `burao diff`) to the bundle in force and
    /// swaps the result in, with `replaceBundle`'s checks. A patch for another
    /// bundle, a damaged one, or a result that does not verify is refused
    /// (`InvalidBundle`) and the old bundle keeps serving; after a refusal for
    /// the wrong base, fetch the full bundle.
    pub fn apply_update(&self, patch: Vec<u8>) -> Result<BundleInfo, BuraoError> {
        Ok(self.inner.apply_update(&patch)?.into())
    }

    /// The exact bundle file in force, to save after `applyUpdate` (a copy).
    pub fn bundle_bytes(&self) -> Vec<u8> {
        self.inner.bundle_bytes()
    }

    /// Swaps in a bundle as `replaceBundle` does, but accepts one older than the
    /// one in force (an app deliberately reverting a bad update). Signatures still count.
    pub fn replace_bundle_allowing_rollback(
        &self,
        bytes: Vec<u8>,
    ) -> Result<BundleInfo, BuraoError> {
        Ok(self.inner.replace_bundle_allowing_rollback(bytes)?.into())
    }
}

impl From<burao_core::bundle::BundleInfo> for BundleInfo {
    fn from(i: burao_core::bundle::BundleInfo) -> BundleInfo {
        use burao_core::bundle::SECTION_SMS_MODEL;
        // A bundle whose model does not load is refused whole, so a model
        // section in force is a model of the version this library reads.
        let has_sms_model = i.sections.iter().any(|(name, _)| name == SECTION_SMS_MODEL);
        let m = i.metadata;
        BundleInfo {
            metadata: Metadata {
                name: m.name,
                version: m.version,
                created_unix: signed(m.created_unix),
                region: m.region,
                sequence: signed(m.sequence),
            },
            size: signed(i.size),
            patterns: signed(i.patterns),
            entries: signed(i.entries),
            sections: i
                .sections
                .into_iter()
                .map(|(name, size)| BundleSection {
                    name,
                    size: signed(size),
                })
                .collect(),
            has_sms_model,
            sms_model_version: i.sms_model_version.map(signed32),
            format_version: signed32(i.format_version),
            library_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_info_says_what_the_bundle_can_do() {
        let s = burao_core::Screener::with_default_bundle();
        let info = BundleInfo::from(s.bundle_info());
        assert!(info.has_sms_model, "the default bundle carries the model");
        assert_eq!(info.sms_model_version, Some(3));
        assert_eq!(info.format_version, 1);
        assert_eq!(info.library_version, env!("CARGO_PKG_VERSION"));
        // A bundle of lists only: accepted, and says so.
        let mut lists = burao_core::lists::ListBuilder::new(burao_core::number::Region::cn());
        lists
            .add_csv(
                "l.csv",
                "pattern,category,action,label\n+86170*,harassment,silence,\n",
                burao_core::lists::ListAction::Block,
            )
            .unwrap();
        let bytes = burao_core::bundle::BundleWriter::new(burao_core::bundle::Metadata::new(
            "bare", "1", "CN",
        ))
        .lists(&lists.build().unwrap())
        .to_bytes();
        let bare = burao_core::Screener::from_bytes(bytes).unwrap();
        let info = BundleInfo::from(bare.bundle_info());
        assert!(!info.has_sms_model);
        assert_eq!(info.sms_model_version, None);
        assert_eq!(info.format_version, 1);
    }
}
