//! The SMS path: normalisation, features, the linear model and the policy.

pub mod explain;
pub mod features;
pub mod institutions;
pub mod model;
pub mod normalize;
pub mod policy;
mod scratch;
pub(crate) mod screen;
pub mod signals;
mod t2s;
#[cfg(feature = "train")]
pub mod train;

pub use normalize::Span;
pub use screen::MAX_SMS_BYTES;
