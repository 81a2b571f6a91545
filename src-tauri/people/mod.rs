//! The people the shop knows: members (`members`, with their tags), the
//! customers the POS identifies (`identities`: phones, POS ids, member
//! cards, and their link to a member), phone numbers (`phone`), the tombstones of the people
//! forgotten (`forgotten`) and the member-list import (`member_list`).

pub mod customers;
pub mod forgotten;
pub mod identities;
pub mod member_list;
pub mod members;
pub mod phone;
