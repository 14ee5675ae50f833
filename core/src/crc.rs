//! CRC-32 (IEEE 802.3, the zlib/PNG one) of bundles and state files,
//! slice-by-8: eight bytes per step over eight 1 KB tables. The same values
//! as `crc32fast` (a test checks), without its SIMD paths in the phone
//! library. The tables are built on first use into the heap (8 KB of memory,
//! no bytes in the library file; only the first one is a 1 KB constant), so
//! the checksum costs ~1 KB of library instead of crc32fast's ~20 KB.
//! Bytewise over one table it ran at ~180 MB/s here (~45 ms at load for a
//! 1M-pattern bundle, ~0.5 s for 10M); slice-by-8 is several times that (see
//! `cargo bench -p burao-core --bench memory`, table "load").

use std::sync::OnceLock;

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

fn bytewise_update(mut c: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        c = TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    c
}

/// The same checksum one byte at a time over the one table: what the library
/// did before slice-by-8, kept as the load bench's peer row.
#[doc(hidden)]
pub fn bytewise(bytes: &[u8]) -> u32 {
    !bytewise_update(!0, bytes)
}

/// `TABLES[k][b]`: the CRC of byte `b` followed by `k` zero bytes.
fn tables() -> &'static [[u32; 256]; 8] {
    static TABLES: OnceLock<Box<[[u32; 256]; 8]>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 8]);
        t[0] = TABLE;
        for k in 1..8 {
            for b in 0..256 {
                let prev = t[k - 1][b];
                t[k][b] = TABLE[(prev & 0xff) as usize] ^ (prev >> 8);
            }
        }
        t
    })
}

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
        let mut chunks = bytes.chunks_exact(8);
        if bytes.len() >= 64 {
            let t = tables();
            for w in &mut chunks {
                let lo = c ^ u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
                let hi = u32::from_le_bytes([w[4], w[5], w[6], w[7]]);
                c = t[7][(lo & 0xff) as usize]
                    ^ t[6][((lo >> 8) & 0xff) as usize]
                    ^ t[5][((lo >> 16) & 0xff) as usize]
                    ^ t[4][(lo >> 24) as usize]
                    ^ t[3][(hi & 0xff) as usize]
                    ^ t[2][((hi >> 8) & 0xff) as usize]
                    ^ t[1][((hi >> 16) & 0xff) as usize]
                    ^ t[0][(hi >> 24) as usize];
            }
        }
        // Short inputs (and the tail) go bytewise: no table build for them.
        let rest = if bytes.len() >= 64 {
            chunks.remainder()
        } else {
            bytes
        };
        self.state = !bytewise_update(c, rest);
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
        for n in [0, 1, 7, 63, 64, 65, 71, 1000, 4099, 100_000] {
            assert_eq!(super::hash(&data[..n]), crc32fast::hash(&data[..n]));
            assert_eq!(super::bytewise(&data[..n]), crc32fast::hash(&data[..n]));
        }
        // Split updates at every alignment agree with one pass.
        for cut in [1, 3, 8, 63, 64, 65, 500] {
            let mut h = super::Hasher::new();
            h.update(&data[..cut]);
            h.update(&data[cut..10_000]);
            assert_eq!(h.finalize(), crc32fast::hash(&data[..10_000]), "{cut}");
        }
    }
}
