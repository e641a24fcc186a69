"""The marketplace's storage: SQLite in memory (one connection, one process), seeded with a few
listings.

The app is a demo target for launchgate's live checks, so storage is deliberately small: it must
behave like a real backend (unique emails, hashed passwords, sessions, orders) without needing a
database server.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, salt BLOB NOT NULL,
                    pw BLOB NOT NULL);
CREATE TABLE listings (id INTEGER PRIMARY KEY, seller_id INTEGER, title TEXT NOT NULL,
                       description TEXT NOT NULL,
                       price_cents INTEGER NOT NULL);
CREATE TABLE messages (id INTEGER PRIMARY KEY, sender_id INTEGER NOT NULL,
                       recipient_id INTEGER NOT NULL,
                       listing_id INTEGER, body TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, buyer_id INTEGER NOT NULL, listing_id INTEGER NOT NULL,
                     status TEXT NOT NULL);
"""

SEED = [
    ("Road bike, 56 cm frame", "Aluminium road bike, serviced last month.", 32000),
    ("Kids bike 16 inch", "Stabilisers included.", 4500),
    ("Bike lock", "D-lock with two keys.", 1500),
    ("Espresso machine", "15 bar pump, descaled.", 8000),
    ("Standing desk", "Electric, 120x60 cm.", 21000),
    ("Office chair", "Mesh back, adjustable arms.", 6000),
    ("Camping tent", "Two-person, used twice.", 7000),
    ("Mountain bike helmet", "Size M, no crashes.", 2500),
    ("Bookshelf", "Oak veneer, five shelves.", 5000),
    ("Mechanical keyboard", "Brown switches, UK layout.", 6500),
]

PBKDF2_ROUNDS = 20_000  # enough to be a real hash, little enough for a demo box


@dataclass(frozen=True, kw_only=True)
class User:
    id: int
    email: str


class Store:
    """All data access; every method holds the lock because SQLite objects are shared across threads
    here."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self._sessions: dict[str, int] = {}
        with self._lock:
            self._db.executescript(SCHEMA)
            self._db.executemany("INSERT INTO listings (seller_id, title, description, "
                                 "price_cents) VALUES (NULL, ?, ?, ?)", SEED)

    def ping(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1").fetchone()[0] == 1

    # -- users and sessions
    # ------------------------------------------------------------------------------
    def create_user(self, email: str, password: str) -> User | None:
        salt = secrets.token_bytes(16)
        pw = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ROUNDS)
        with self._lock:
            try:
                cur = self._db.execute("INSERT INTO users (email, salt, pw) VALUES (?, ?, ?)",
                                       (email, salt, pw))
            except sqlite3.IntegrityError:
                return None
            return User(id=int(cur.lastrowid or 0), email=email)

    def check_password(self, email: str, password: str) -> User | None:
        with self._lock:
            row = self._db.execute("SELECT id, salt, pw FROM users WHERE email = ?",
                                   (email,)).fetchone()
        if row is None:
            # same time either way
            hashlib.pbkdf2_hmac("sha256", password.encode(), b"0" * 16, PBKDF2_ROUNDS)
            return None
        got = hashlib.pbkdf2_hmac("sha256", password.encode(), row["salt"], PBKDF2_ROUNDS)
        return User(id=row["id"], email=email) if hmac.compare_digest(got, row["pw"]) else None

    def new_session(self, user: User) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = user.id
        return token

    def user_for_token(self, token: str) -> User | None:
        with self._lock:
            uid = self._sessions.get(token)
            if uid is None:
                return None
            row = self._db.execute("SELECT id, email FROM users WHERE id = ?", (uid,)).fetchone()
        return User(id=row["id"], email=row["email"]) if row else None

    def user_by_email(self, email: str) -> User | None:
        with self._lock:
            row = self._db.execute("SELECT id, email FROM users WHERE email = ?",
                                   (email,)).fetchone()
        return User(id=row["id"], email=row["email"]) if row else None

    # -- listings, messages, orders
    # ------------------------------------------------------------------------
    def search(self, q: str, limit: int = 50) -> list[dict[str, object]]:
        like = f"%{q}%"
        with self._lock:
            rows = self._db.execute(
                "SELECT id, title, description, price_cents FROM listings WHERE title LIKE ? OR "
                "description LIKE ? ORDER BY id LIMIT ?", (like, like, limit)).fetchall()
        return [dict(r) for r in rows]

    def create_listing(self, seller: User, title: str, description: str,
                       price_cents: int) -> dict[str, object]:
        with self._lock:
            cur = self._db.execute("INSERT INTO listings (seller_id, title, description, "
                                   "price_cents) VALUES (?, ?, ?, ?)",
                                   (seller.id, title, description, price_cents))
        return {"id": cur.lastrowid, "title": title, "description": description,
                "price_cents": price_cents}

    def delete_listings(self, seller: User, title: str) -> int:
        """Delete the seller's own listings with this exact title (how a load test cleans up after
        itself)."""
        with self._lock:
            cur = self._db.execute("DELETE FROM listings WHERE seller_id = ? AND title = ?",
                                   (seller.id, title))
        return cur.rowcount

    def listing(self, listing_id: int) -> dict[str, object] | None:
        with self._lock:
            row = self._db.execute("SELECT id, seller_id, title, price_cents FROM listings WHERE "
                                   "id = ?",
                                   (listing_id,)).fetchone()
        return dict(row) if row else None

    def send_message(self, sender: User, recipient: User, listing_id: int | None, body: str) -> int:
        with self._lock:
            cur = self._db.execute("INSERT INTO messages (sender_id, recipient_id, listing_id, "
                                   "body) VALUES (?, ?, ?, ?)",
                                   (sender.id, recipient.id, listing_id, body))
        return int(cur.lastrowid or 0)

    def inbox(self, user: User) -> list[dict[str, object]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT m.id, u.email AS sender, m.listing_id, m.body FROM messages m JOIN users u "
                "ON u.id = m.sender_id WHERE m.recipient_id = ? OR m.sender_id = ? ORDER BY m.id",
                (user.id, user.id)).fetchall()
        return [dict(r) for r in rows]

    def checkout(self, buyer: User, listing_id: int) -> int:
        with self._lock:
            cur = self._db.execute("INSERT INTO orders (buyer_id, listing_id, status) VALUES (?, "
                                   "?, 'paid')",
                                   (buyer.id, listing_id))
        return int(cur.lastrowid or 0)
