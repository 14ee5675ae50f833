impl :: bincode :: Encode for Header
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.metadata, encoder) ?; :: bincode
        :: Encode :: encode(&self.sections, encoder) ?; core :: result ::
        Result :: Ok(())
    }
}