//! "Forget" forgets: after it, no form of the person's phone is left in the shop's file, its
//! `-wal` and `-shm`, the rejects files or any partial file; an export that overlaps the one they
//! came in does not bring them back, not even after a change of phone region; adding them again
//! asks first.

use crate::fixtures::TempShop;
use std::path::Path;

/// The person's phone, in every form it could be found in.
const FORMS: [&str; 4] = [
    "13812345678",
    "138 1234 5678",
    "+8613812345678",
    "8613812345678",
];

/// February, with the person's receipts (their phone as the till wrote it), someone else's,
/// and one row of theirs the import refuses (it goes to the rejects file).
fn export(path: &Path, extra_day: bool) {
    let mut text = String::from("date,time,receipt_id,item_name,quantity,net,customer_phone\n");
    for day in 2..=6 {
        text.push_str(&format!(
            "2026-02-0{day},09:00:00,A{day},Cake,1,12.00,138 1234 5678\n"
        ));
        text.push_str(&format!(
            "2026-02-0{day},10:00:00,B{day},Bread,1,5.00,139 0000 1111\n"
        ));
    }
    text.push_str("2026-02-06,11:00:00,A9,Cake,1,twelve,138 1234 5678\n");
    if extra_day {
        text.push_str("2026-02-07,09:00:00,A7,Cake,1,12.00,138 1234 5678\n");
    }
    std::fs::write(path, text).expect("export");
}

/// Every file under `dir` (the shop's folder, rejects/ and partial files among them) that holds
/// one of `FORMS`, with the form.
fn holding_the_phone(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                // backups/ keeps the person until its copies age out, as the confirmation says.
                if path.file_name().is_some_and(|n| n != "backups") {
                    stack.push(path);
                }
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            for form in FORMS {
                if bytes.windows(form.len()).any(|w| w == form.as_bytes()) {
                    found.push(format!("{}: {form}", path.display()));
                }
            }
        }
    }
    found
}

/// A shop (phones read as Chinese) that imported February with the rejects file, and where the
/// person became a member; and the export's path.
fn shop_with_the_person() -> (TempShop, std::path::PathBuf) {
    let shop = TempShop::new();
    shop.run(&["settings", "--phone-region", "CN"]).success();
    let feb = shop.path("feb.csv");
    export(&feb, false);
    let path = feb.to_str().unwrap();
    shop.run(&["import", "--auto-map", "--skip-invalid", path])
        .success();
    shop.run(&[
        "members",
        "add",
        "--name",
        "王小麦",
        "--phone",
        "138 1234 5678",
    ])
    .success();
    (shop, feb)
}

fn identities_of_the_phone(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("db");
    conn.query_row(
        "SELECT count(*) FROM identities WHERE value LIKE '%1234%5678%'",
        [],
        |r| r.get(0),
    )
    .expect("count")
}

#[test]
fn a_forgotten_person_is_gone_from_every_file_and_stays_gone() {
    let (shop, _) = shop_with_the_person();
    let dir = shop.dir();
    let db = dir.join("regulars.sqlite");
    // A failed import's partial file, as a crash would leave it.
    std::fs::write(
        dir.join("rejects/.rejects-999999.partial"),
        "row,reason,phone\n3,bad,13812345678\n",
    )
    .expect("partial");
    assert!(
        !holding_the_phone(&dir).is_empty(),
        "the phone is there before"
    );
    let id = shop.members(&[])[0]["id"].as_i64().expect("id").to_string();
    shop.run(&["members", "forget", &id]).success();
    assert_eq!(holding_the_phone(&dir), Vec::<String>::new());
    let rejects = std::fs::read_dir(dir.join("rejects"))
        .expect("rejects")
        .count();
    assert_eq!(rejects, 1, "the rejects file stays, without their row");

    // The export again, a day longer: their receipts come in anonymous, nobody is re-created.
    let again = shop.path("feb-again.csv");
    export(&again, true);
    shop.run(&[
        "import",
        "--auto-map",
        "--skip-invalid",
        again.to_str().unwrap(),
    ])
    .success();
    assert_eq!(identities_of_the_phone(&db), 0, "not re-created");
    // Under another region the till's number reads differently; the tombstone still holds.
    shop.run(&["settings", "--phone-region", "US"]).success();
    let march = shop.path("mar.csv");
    std::fs::write(
        &march,
        "date,time,receipt_id,item_name,quantity,net,customer_phone\n\
         2026-03-02,09:00:00,M1,Cake,1,12.00,138 1234 5678\n\
         2026-03-02,09:30:00,M2,Cake,1,12.00,+86 138 1234 5678\n",
    )
    .expect("march");
    shop.run(&["import", "--auto-map", march.to_str().unwrap()])
        .success();
    assert_eq!(
        identities_of_the_phone(&db),
        0,
        "not after a change of region either"
    );
    let customers: i64 = rusqlite::Connection::open(&db)
        .expect("db")
        .query_row("SELECT count(*) FROM identities", [], |r| r.get(0))
        .expect("count");
    assert_eq!(customers, 1, "the other customer is still known");

    // Adding them again asks; with --again it is done, and the tombstone goes.
    shop.run(&["settings", "--phone-region", "CN"]).success();
    shop.run(&[
        "members",
        "add",
        "--name",
        "王小麦",
        "--phone",
        "13812345678",
    ])
    .failure_with("forget");
    shop.run(&[
        "members",
        "add",
        "--name",
        "王小麦",
        "--phone",
        "13812345678",
        "--again",
    ])
    .success();
    shop.run(&["import", "--auto-map", march.to_str().unwrap()])
        .success();
}

/// A copy made before the forget, restored: the person comes back neither as a member nor as a
/// customer, and the restore says so; over a file that cannot be read, it says they may be back.
#[test]
fn a_restore_keeps_forgotten_whom_the_replaced_file_forgot() {
    let (shop, feb) = shop_with_the_person();
    let dir = shop.dir();
    let db = dir.join("regulars.sqlite");
    let before = shop.path("before.sqlite");
    shop.run(&["backup", "--out", before.to_str().unwrap()])
        .success();
    let id = shop.members(&[])[0]["id"].as_i64().expect("id").to_string();
    shop.run(&["members", "forget", &id]).success();
    let said = shop
        .run_in("en_US.UTF-8", &["restore", before.to_str().unwrap()])
        .success()
        .stdout();
    assert!(
        said.contains("held 1 of the people you asked to forget"),
        "{said}"
    );
    assert!(shop.members(&[]).is_empty(), "not a member again");
    assert_eq!(identities_of_the_phone(&db), 0, "not a customer again");
    // The restored shop still recognises them in the next export.
    shop.run(&[
        "import",
        "--auto-map",
        "--skip-invalid",
        feb.to_str().unwrap(),
    ])
    .success();
    assert_eq!(identities_of_the_phone(&db), 0);

    // Over a damaged file, nothing can be carried: the restore says so.
    let bytes = std::fs::read(&db).expect("read");
    std::fs::write(&db, &bytes[..4096.min(bytes.len())]).expect("damage");
    let _ = std::fs::remove_file(dir.join("regulars.sqlite-wal"));
    let said = shop
        .run_in("en_US.UTF-8", &["restore", before.to_str().unwrap()])
        .success()
        .stdout();
    assert!(said.contains("could not be read"), "{said}");
}

/// Undoing the only import that brought a customer who is no member removes the customer too.
#[test]
fn an_undo_takes_the_customers_only_it_brought() {
    let (shop, _) = shop_with_the_person();
    let db = shop.dir().join("regulars.sqlite");
    let count = || -> i64 {
        rusqlite::Connection::open(&db)
            .expect("db")
            .query_row("SELECT count(*) FROM identities", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(count(), 2);
    shop.run(&["imports", "undo", "1"]).success();
    assert_eq!(count(), 1, "the member's customer stays, the other goes");
}
