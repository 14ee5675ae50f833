impl < __Context > :: bincode :: Decode < __Context > for ConsentRecord
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            sender : :: bincode :: Decode :: decode(decoder) ?, state : ::
            bincode :: Decode :: decode(decoder) ?, at_unix : :: bincode ::
            Decode :: decode(decoder) ?, via : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for ConsentRecord
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            sender : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, state : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, at_unix : :: bincode
            :: BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            via : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?,
        })
    }
}