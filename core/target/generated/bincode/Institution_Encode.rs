impl :: bincode :: Encode for Institution
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.name_en, encoder) ?; :: bincode
        :: Encode :: encode(&self.name_zh, encoder) ?; :: bincode :: Encode ::
        encode(&self.aliases, encoder) ?; :: bincode :: Encode ::
        encode(&self.numbers, encoder) ?; :: bincode :: Encode ::
        encode(&self.domains, encoder) ?; :: bincode :: Encode ::
        encode(&self.numbers_shown, encoder) ?; core :: result :: Result ::
        Ok(())
    }
}