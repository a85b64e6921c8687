// Accounts: registered users and guests. Usernames and e-mails are unique regardless of case
// (SQLite: COLLATE NOCASE columns; PostgreSQL: citext).
import type { SqlClient } from './sql'

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
  is_guest: number | boolean
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
    isGuest: Boolean(row.is_guest),
    dateJoined: row.date_joined
  }
}

/** Escapes LIKE wildcards so a search for "a_b" means exactly that. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

const INSERT_USER = `INSERT INTO users (id, username, email, name, first_name, last_name, image, password_hash, is_guest, date_joined)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

export class UserStore {
  constructor(private readonly db: SqlClient) {}

  /** Throws when the id, username or e-mail is taken. */
  async insert(user: UserRecord): Promise<void> {
    await this.db.run(INSERT_USER, values(user))
  }

  /** Inserts unless the username or e-mail is taken (another instance seeding at once); true when inserted. */
  async insertIfAbsent(user: UserRecord): Promise<boolean> {
    return (await this.db.run(`${INSERT_USER} ON CONFLICT DO NOTHING`, values(user))) === 1
  }

  async byId(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id])
    return row && toRecord(row)
  }

  async byUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db.get<UserRow>('SELECT * FROM users WHERE username = ?', [username])
    return row && toRecord(row)
  }

  async byEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.db.get<UserRow>('SELECT * FROM users WHERE email = ?', [email])
    return row && toRecord(row)
  }

  /** The account behind a live access token (one round trip: every authenticated request asks). */
  async byAccessTokenHash(accessTokenHash: string, now: number): Promise<UserRecord | undefined> {
    const row = await this.db.get<UserRow>(
      'SELECT users.* FROM oauth_tokens JOIN users ON users.id = oauth_tokens.user_id WHERE oauth_tokens.access_token_hash = ? AND oauth_tokens.access_expires_at > ?',
      [accessTokenHash, now]
    )
    return row && toRecord(row)
  }

  /** The owner of a video identity whose token has not expired (docs/api.md §4.2), in one round trip. */
  async byVideoIdentity(identity: string, now: number): Promise<UserRecord | undefined> {
    const row = await this.db.get<UserRow>(
      'SELECT users.* FROM video_clients JOIN users ON users.id = video_clients.user_id WHERE video_clients.identity = ? AND video_clients.expires_at > ?',
      [identity, now]
    )
    return row && toRecord(row)
  }

  /** Shoutit's login field takes either; an e-mail always contains "@", a username never does. */
  byLogin(emailOrUsername: string): Promise<UserRecord | undefined> {
    return emailOrUsername.includes('@') ? this.byEmail(emailOrUsername) : this.byUsername(emailOrUsername)
  }

  /**
   * Replaces a password hash only if it is still `previous`, so a change made meanwhile (by
   * this or another instance) wins; answers whether this one was written.
   */
  async replacePasswordHash(id: string, previous: string, next: string): Promise<boolean> {
    return (await this.db.run('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?', [next, id, previous])) === 1
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS taken FROM users WHERE username = ?', [username])) !== undefined
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n ?? 0
  }

  /** Registered users other than `excludeId` whose username or name contains `text`. */
  async search(text: string, excludeId: string, limit: number, offset: number): Promise<{ count: number; users: UserRecord[] }> {
    const pattern = likePattern(text)
    const where = `is_guest = ? AND id <> ? AND (username LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')`
    const params = [false, excludeId, pattern, pattern]
    const count = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM users WHERE ${where}`, params))?.n ?? 0
    const rows = await this.db.all<UserRow>(`SELECT * FROM users WHERE ${where} ORDER BY lower(name), username LIMIT ? OFFSET ?`, [...params, limit, offset])
    return { count, users: rows.map(toRecord) }
  }
}

function values(user: UserRecord): [string, string, string | null, string, string, string, string | null, string | null, boolean, number] {
  return [user.id, user.username, user.email, user.name, user.firstName, user.lastName, user.image, user.passwordHash, user.isGuest, user.dateJoined]
}
