impl < __Context > :: bincode :: Decode < __Context > for EntryRecord
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            category : :: bincode :: Decode :: decode(decoder) ?, action : ::
            bincode :: Decode :: decode(decoder) ?, label : :: bincode ::
            Decode :: decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for EntryRecord
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            category : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, action : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, label : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
        })
    }
}