impl :: bincode :: Encode for ConsentRegistry
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.records, encoder) ?; :: bincode
        :: Encode :: encode(&self.evidence, encoder) ?; core :: result ::
        Result :: Ok(())
    }
}