impl < __Context > :: bincode :: Decode < __Context > for FeedbackRecord
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            id : :: bincode :: Decode :: decode(decoder) ?, channel : ::
            bincode :: Decode :: decode(decoder) ?, sender : :: bincode ::
            Decode :: decode(decoder) ?, is_spam : :: bincode :: Decode ::
            decode(decoder) ?, at_unix : :: bincode :: Decode ::
            decode(decoder) ?, features : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for FeedbackRecord
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            id : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, channel : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, sender : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            is_spam : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, at_unix : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, features : :: bincode
            :: BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
        })
    }
}