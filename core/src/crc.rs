//! CRC-32 (IEEE 802.3, the zlib/PNG one) of bundles and state files, bytewise
//! over a 1 KB table built at compile time. The same values as `crc32fast`
//! (a test checks), 20 KB less in the phone library (no slice-by-16 tables,
//! no SIMD paths) — the room the state-file discipline needed in the 2 MB
//! budget. The price is speed: ~180 MB/s here against GB/s, i.e. ~1 ms for
//! the 190 KB default bundle and ~45 ms for a 7.7 MiB 1M-pattern bundle at
//! load (measured on this machine under load, opt-level s).

const TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// A running CRC-32.
#[derive(Debug, Clone, Default)]
pub struct Hasher {
    state: u32,
}

impl Hasher {
    /// A new checksum.
    pub fn new() -> Hasher {
        Hasher::default()
    }

    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        let mut c = !self.state;
        for &b in bytes {
            c = TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
        }
        self.state = !c;
    }

    /// The checksum of everything added.
    pub fn finalize(self) -> u32 {
        self.state
    }
}

/// The CRC-32 of `bytes`.
pub fn hash(bytes: &[u8]) -> u32 {
    let mut h = Hasher::new();
    h.update(bytes);
    h.finalize()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        assert_eq!(super::hash(b""), 0);
        assert_eq!(super::hash(b"123456789"), 0xcbf4_3926);
        let mut h = super::Hasher::new();
        h.update(b"1234");
        h.update(b"56789");
        assert_eq!(h.finalize(), 0xcbf4_3926);
    }

    #[test]
    fn equals_crc32fast() {
        let mut x = 0x2545_f491u32;
        let data: Vec<u8> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        for n in [0, 1, 7, 64, 1000, 100_000] {
            assert_eq!(super::hash(&data[..n]), crc32fast::hash(&data[..n]));
        }
    }
}
