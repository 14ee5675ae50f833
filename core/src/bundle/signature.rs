//! Ed25519 signatures over bundle files.
//!
//! A signed bundle is an unsigned bundle (checksum included) followed by a
//! 72-byte trailer: the 64-byte signature, then the 8 bytes `BURAOSG1`. The
//! signature covers every byte before the trailer, so the checksum keeps
//! covering the content and a reader that strips the trailer sees an ordinary
//! unsigned bundle. Signing again replaces the trailer.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use super::BundleError;

/// The last eight bytes of a signed bundle.
pub const SIGNATURE_MAGIC: &[u8; 8] = b"BURAOSG1";
/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;
/// Length of the whole trailer: signature and magic.
pub const TRAILER_LEN: usize = SIGNATURE_LEN + SIGNATURE_MAGIC.len();

/// A public key the app trusts to sign bundles: 32 bytes, as `burao keygen` prints them in hex.
pub type PublicKey = [u8; 32];

/// Splits a file into the signed content and the signature, if it carries one.
pub fn split(file: &[u8]) -> (&[u8], Option<&[u8; SIGNATURE_LEN]>) {
    if file.len() < TRAILER_LEN || !file.ends_with(SIGNATURE_MAGIC) {
        return (file, None);
    }
    let content = file.len() - TRAILER_LEN;
    let sig = file[content..content + SIGNATURE_LEN]
        .try_into()
        .expect("the slice is SIGNATURE_LEN long");
    (&file[..content], Some(sig))
}

/// Signs a bundle file with a 32-byte Ed25519 secret key, replacing any
/// earlier signature. The content is checked first: only a bundle that loads
/// gets signed.
pub fn sign(file: &[u8], secret_key: &[u8; 32]) -> Result<Vec<u8>, BundleError> {
    let (content, _) = split(file);
    super::Bundle::from_vec(content.to_vec())?;
    let key = SigningKey::from_bytes(secret_key);
    let sig = key.sign(content);
    let mut out = Vec::with_capacity(content.len() + TRAILER_LEN);
    out.extend_from_slice(content);
    out.extend_from_slice(&sig.to_bytes());
    out.extend_from_slice(SIGNATURE_MAGIC);
    Ok(out)
}

/// The public key of a secret key.
pub fn public_key(secret_key: &[u8; 32]) -> PublicKey {
    SigningKey::from_bytes(secret_key)
        .verifying_key()
        .to_bytes()
}

/// Checks that `file` is signed by one of `trusted`. Runs before any parsing,
/// so an untrusted file is never decoded.
pub fn verify(file: &[u8], trusted: &[PublicKey]) -> Result<(), BundleError> {
    let (content, sig) = split(file);
    let sig = Signature::from_bytes(sig.ok_or(BundleError::Unsigned)?);
    for key in trusted {
        let key = VerifyingKey::from_bytes(key).map_err(|_| BundleError::InvalidKey)?;
        // `verify_strict` also refuses weak keys and malleable signatures.
        if key.verify_strict(content, &sig).is_ok() {
            return Ok(());
        }
    }
    Err(BundleError::BadSignature)
}

/// Checks that a public key is a valid Ed25519 point.
pub fn check_key(key: &PublicKey) -> Result<(), BundleError> {
    VerifyingKey::from_bytes(key)
        .map(|_| ())
        .map_err(|_| BundleError::InvalidKey)
}

/// Lower-case hex of some bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads 32 bytes written as 64 hex digits (surrounding whitespace allowed).
pub fn key_from_hex(text: &str) -> Result<[u8; 32], BundleError> {
    let t = text.trim().as_bytes();
    if t.len() != 64 {
        return Err(BundleError::InvalidKey);
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(t.chunks(2)) {
        let hi = (pair[0] as char).to_digit(16);
        let lo = (pair[1] as char).to_digit(16);
        match (hi, lo) {
            (Some(h), Some(l)) => *o = (h * 16 + l) as u8,
            _ => return Err(BundleError::InvalidKey),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_refusals() {
        let k = [0xabu8; 32];
        assert_eq!(key_from_hex(&to_hex(&k)).unwrap(), k);
        assert_eq!(key_from_hex("ab"), Err(BundleError::InvalidKey));
        assert_eq!(key_from_hex(&"zz".repeat(32)), Err(BundleError::InvalidKey));
    }

    #[test]
    fn a_short_or_plain_file_has_no_signature() {
        assert_eq!(split(b"BURAOSG1").1, None);
        assert_eq!(split(&[0u8; 100]).1, None);
    }
}
