impl :: bincode :: Encode for Metadata
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.name, encoder) ?; :: bincode ::
        Encode :: encode(&self.version, encoder) ?; :: bincode :: Encode ::
        encode(&self.created_unix, encoder) ?; :: bincode :: Encode ::
        encode(&self.region, encoder) ?; :: bincode :: Encode ::
        encode(&self.sequence, encoder) ?; core :: result :: Result :: Ok(())
    }
}