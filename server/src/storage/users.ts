// Accounts: registered users and guests. Usernames and e-mails are unique regardless of case.
import { statement, type Database } from './database'

export interface UserRecord {
  id: string
  username: string
  email: string | null
  name: string
  firstName: string
  lastName: string
  image: string | null
  passwordHash: string | null
  isGuest: boolean
  dateJoined: number
}

interface UserRow {
  id: string
  username: string
  email: string | null
  name: string
  first_name: string
  last_name: string
  image: string | null
  password_hash: string | null
  is_guest: number
  date_joined: number
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    name: row.name,
    firstName: row.first_name,
    lastName: row.last_name,
    image: row.image,
    passwordHash: row.password_hash,
    isGuest: row.is_guest === 1,
    dateJoined: row.date_joined
  }
}

/** Escapes LIKE wildcards so a search for "a_b" means exactly that. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

export class UserStore {
  constructor(private readonly db: Database) {}

  insert(user: UserRecord): void {
    statement(
      this.db,
      `INSERT INTO users (id, username, email, name, first_name, last_name, image, password_hash, is_guest, date_joined)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
        user.id,
        user.username,
        user.email,
        user.name,
        user.firstName,
        user.lastName,
        user.image,
        user.passwordHash,
        user.isGuest ? 1 : 0,
        user.dateJoined
      )
  }

  byId(id: string): UserRecord | undefined {
    const row = statement(this.db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return row && toRecord(row)
  }

  byUsername(username: string): UserRecord | undefined {
    const row = statement(this.db, 'SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined
    return row && toRecord(row)
  }

  byEmail(email: string): UserRecord | undefined {
    const row = statement(this.db, 'SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined
    return row && toRecord(row)
  }

  /** Shoutit's login field takes either; an e-mail always contains "@", a username never does. */
  byLogin(emailOrUsername: string): UserRecord | undefined {
    return emailOrUsername.includes('@') ? this.byEmail(emailOrUsername) : this.byUsername(emailOrUsername)
  }

  /** Replaces a password hash only if it is still `previous`, so a concurrent change wins. */
  replacePasswordHash(id: string, previous: string, next: string): void {
    statement(this.db, 'UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(next, id, previous)
  }

  usernameTaken(username: string): boolean {
    return statement(this.db, 'SELECT 1 FROM users WHERE username = ?').get(username) !== undefined
  }

  count(): number {
    return (statement(this.db, 'SELECT COUNT(*) AS n FROM users').get() as { n: number }).n
  }

  /** Registered users other than `excludeId` whose username or name contains `text`. */
  search(text: string, excludeId: string, limit: number, offset: number): { count: number; users: UserRecord[] } {
    const pattern = likePattern(text)
    const where = `is_guest = 0 AND id <> ? AND (username LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')`
    const count = (statement(this.db, `SELECT COUNT(*) AS n FROM users WHERE ${where}`).get(excludeId, pattern, pattern) as { n: number }).n
    const rows = statement(this.db, `SELECT * FROM users WHERE ${where} ORDER BY name COLLATE NOCASE, username LIMIT ? OFFSET ?`)
      .all(excludeId, pattern, pattern, limit, offset) as unknown as UserRow[]
    return { count, users: rows.map(toRecord) }
  }
}
