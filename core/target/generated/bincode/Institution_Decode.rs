impl < __Context > :: bincode :: Decode < __Context > for Institution
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            name_en : :: bincode :: Decode :: decode(decoder) ?, name_zh : ::
            bincode :: Decode :: decode(decoder) ?, aliases : :: bincode ::
            Decode :: decode(decoder) ?, numbers : :: bincode :: Decode ::
            decode(decoder) ?, domains : :: bincode :: Decode ::
            decode(decoder) ?, numbers_shown : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for Institution
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            name_en : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, name_zh : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, aliases : :: bincode
            :: BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            numbers : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, domains : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, numbers_shown : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?,
        })
    }
}