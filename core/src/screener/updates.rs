//! Bundle updates: pinned signing keys and rollback protection.
//!
//! Apps download bundles from their own servers; these checks make that safe
//! without a network stack here. The signature is checked before the bytes are
//! parsed, and the sequence number is compared under the write lock, so two
//! racing updates cannot both pass the rollback check against a stale bundle.

use std::sync::Arc;

use super::Screener;
use crate::bundle::delta::{Patch, PatchError};
use crate::bundle::signature::{self, PublicKey};
use crate::bundle::{Bundle, BundleError, BundleInfo, FORMAT_VERSION};
use crate::engine::Content;
use crate::Error;

impl Screener {
    /// A screener over a signed bundle, pinned to `trusted_keys` from the
    /// start: this bundle and every later one must be signed by one of them.
    /// An empty key list is refused (`BundleError::InvalidKey`): use
    /// [`Screener::from_bytes`] for unsigned bundles.
    pub fn from_signed_bytes(
        bytes: Vec<u8>,
        trusted_keys: Vec<PublicKey>,
    ) -> Result<Screener, Error> {
        if trusted_keys.is_empty() {
            return Err(Error::Bundle(BundleError::InvalidKey));
        }
        for k in &trusted_keys {
            signature::check_key(k)?;
        }
        signature::verify(&bytes, &trusted_keys)?;
        let s = Screener::from_bytes(bytes)?;
        s.set_trusted_keys(trusted_keys)?;
        Ok(s)
    }

    /// Pins the public keys later bundles must be signed with. From then on
    /// [`Screener::replace_bundle`] refuses unsigned and wrongly signed
    /// bundles and the bundle in force keeps serving. An empty list unpins.
    /// A key that is not a valid Ed25519 point is refused and nothing changes.
    pub fn set_trusted_keys(&self, keys: Vec<PublicKey>) -> Result<(), Error> {
        for k in &keys {
            signature::check_key(k)?;
        }
        self.settings.update(|s| s.trusted_keys = keys);
        Ok(())
    }

    /// The pinned public keys (empty: any well-formed bundle is accepted).
    pub fn trusted_keys(&self) -> Vec<PublicKey> {
        self.settings.get().trusted_keys.clone()
    }

    /// Like [`Screener::replace_bundle`], but accepts a bundle older than the
    /// one in force: for an app that deliberately reverts a bad update. The
    /// signature is still checked.
    pub fn replace_bundle_allowing_rollback(&self, bytes: Vec<u8>) -> Result<BundleInfo, Error> {
        self.install(bytes, true)
    }

    /// Applies a delta patch (`burao diff`, see [`crate::bundle::delta`]) to
    /// the bundle in force and swaps the result in atomically, with the
    /// checks of [`Screener::replace_bundle`]: the result must be the exact
    /// file the patch names, load as a bundle (checksum), carry a trusted
    /// signature when keys are pinned, and not be older than the bundle in
    /// force. A patch made for another bundle (skipped, repeated, or after a
    /// full replacement) is refused as `WrongBase`: fetch the full bundle.
    /// Whatever is refused, the bundle in force keeps serving.
    ///
    /// Extra memory while applying: the patch and one buffer the size of the
    /// new bundle (which becomes the bundle in force).
    pub fn apply_update(&self, patch: &[u8]) -> Result<BundleInfo, Error> {
        let patch = Patch::from_bytes(patch).map_err(BundleError::from)?;
        let base = self.content.get();
        if patch.result_format_version() != FORMAT_VERSION {
            return Err(Error::Bundle(BundleError::Patch(
                PatchError::ResultVersion {
                    expected: FORMAT_VERSION,
                    got: patch.result_format_version(),
                },
            )));
        }
        // Refused before any work; checked again on the result under the lock.
        let in_force = base.bundle.metadata().sequence;
        if patch.result_sequence() < in_force {
            return Err(Error::Bundle(BundleError::Rollback {
                in_force,
                offered: patch.result_sequence(),
            }));
        }
        let bytes = patch
            .apply(base.bundle.bytes())
            .map_err(BundleError::from)?;
        self.install_over(bytes, false, Some(&base))
    }

    /// The exact bundle file in force (signature included), for an app to
    /// save after [`Screener::apply_update`] so the next launch starts from it.
    pub fn bundle_bytes(&self) -> Vec<u8> {
        self.content.get().bundle.bytes().to_vec()
    }

    pub(super) fn install(
        &self,
        bytes: Vec<u8>,
        allow_rollback: bool,
    ) -> Result<BundleInfo, Error> {
        self.install_over(bytes, allow_rollback, None)
    }

    /// Installs `bytes`; with `base`, only if that is still the bundle in force.
    fn install_over(
        &self,
        bytes: Vec<u8>,
        allow_rollback: bool,
        base: Option<&Arc<Content>>,
    ) -> Result<BundleInfo, Error> {
        let keys = self.trusted_keys();
        if !keys.is_empty() {
            signature::verify(&bytes, &keys)?;
        }
        let content = Arc::new(Content::new(Bundle::from_vec(bytes)?)?);
        let info = content.info();
        let mut current = self.content.write();
        if base.is_some_and(|b| !Arc::ptr_eq(b, &current)) {
            return Err(Error::Bundle(BundleError::Patch(PatchError::BaseChanged)));
        }
        let in_force = current.bundle.metadata().sequence;
        let offered = info.metadata.sequence;
        if offered < in_force && !allow_rollback {
            return Err(Error::Bundle(BundleError::Rollback { in_force, offered }));
        }
        *current = content;
        Ok(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::testing::bundle;

    #[test]
    fn a_patch_built_on_a_bundle_replaced_meanwhile_is_refused() {
        let s = Screener::from_bytes(bundle(1)).unwrap();
        let base = s.content.get();
        // Another thread installs sequence 3 while the patch is being applied.
        s.replace_bundle(bundle(3)).unwrap();
        let e = s.install_over(bundle(2), false, Some(&base)).unwrap_err();
        assert_eq!(
            e,
            Error::Bundle(BundleError::Patch(PatchError::BaseChanged))
        );
        // Even one newer than what is in force: it was made from a stale base.
        let e = s.install_over(bundle(4), false, Some(&base)).unwrap_err();
        assert_eq!(
            e,
            Error::Bundle(BundleError::Patch(PatchError::BaseChanged))
        );
        assert_eq!(s.bundle_info().metadata.sequence, 3);
        let now = s.content.get();
        s.install_over(bundle(4), false, Some(&now)).unwrap();
        assert_eq!(s.bundle_info().metadata.sequence, 4);
    }
}
