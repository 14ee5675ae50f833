//! Placeholder until the list benchmark lands.
fn main() {}
