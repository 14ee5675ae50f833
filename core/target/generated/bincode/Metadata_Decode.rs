impl < __Context > :: bincode :: Decode < __Context > for Metadata
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            name : :: bincode :: Decode :: decode(decoder) ?, version : ::
            bincode :: Decode :: decode(decoder) ?, created_unix : :: bincode
            :: Decode :: decode(decoder) ?, region : :: bincode :: Decode ::
            decode(decoder) ?, sequence : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for Metadata
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            name : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, version : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, created_unix : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, region : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, sequence : :: bincode
            :: BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
        })
    }
}