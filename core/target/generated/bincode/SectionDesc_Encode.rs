impl :: bincode :: Encode for SectionDesc
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.name, encoder) ?; :: bincode ::
        Encode :: encode(&self.offset, encoder) ?; :: bincode :: Encode ::
        encode(&self.len, encoder) ?; core :: result :: Result :: Ok(())
    }
}