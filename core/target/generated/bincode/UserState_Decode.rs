impl < __Context > :: bincode :: Decode < __Context > for UserState
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            rules_json : :: bincode :: Decode :: decode(decoder) ?, consent :
            :: bincode :: Decode :: decode(decoder) ?, history : :: bincode ::
            Decode :: decode(decoder) ?, feedback : :: bincode :: Decode ::
            decode(decoder) ?, behaviour : :: bincode :: Decode ::
            decode(decoder) ?, emergency : :: bincode :: Decode ::
            decode(decoder) ?, keep_evidence_bodies : :: bincode :: Decode ::
            decode(decoder) ?, utc_offset_minutes : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for UserState
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            rules_json : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, consent : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, history : :: bincode
            :: BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            feedback : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, behaviour : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?, emergency : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, keep_evidence_bodies : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            utc_offset_minutes : :: bincode :: BorrowDecode ::< '_, __Context
            >:: borrow_decode(decoder) ?,
        })
    }
}