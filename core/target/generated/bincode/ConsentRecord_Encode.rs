impl :: bincode :: Encode for ConsentRecord
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.sender, encoder) ?; :: bincode ::
        Encode :: encode(&self.state, encoder) ?; :: bincode :: Encode ::
        encode(&self.at_unix, encoder) ?; :: bincode :: Encode ::
        encode(&self.via, encoder) ?; core :: result :: Result :: Ok(())
    }
}