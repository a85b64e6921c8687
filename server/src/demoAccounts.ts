// The accounts a fresh data directory starts with, so the app can be tried (and tested)
// with nothing else. Their passwords are public: never seed them on a public server.
import { randomUUID } from 'node:crypto'
import { hashPassword, type ScryptCost } from './auth/passwords'
import type { UserStore } from './storage/users'

export interface DemoAccount {
  username: string
  name: string
  email: string
  password: string
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'alice', name: 'Alice Archer', email: 'alice@example.com', password: 'alice-password' },
  { username: 'bob', name: 'Bob Baker', email: 'bob@example.com', password: 'bob-password' },
  { username: 'carol', name: 'Carol Cooper', email: 'carol@example.com', password: 'carol-password' }
]

export async function seedDemoAccounts(users: UserStore, cost: ScryptCost, nowSeconds: number): Promise<DemoAccount[]> {
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((account) => hashPassword(account.password, cost)))
  const created: DemoAccount[] = []
  for (const [index, account] of DEMO_ACCOUNTS.entries()) {
    const [firstName = '', lastName = ''] = account.name.split(' ')
    // Instances starting together on one empty database both seed; each account lands once.
    const inserted = await users.insertIfAbsent({
      id: randomUUID(),
      username: account.username,
      email: account.email,
      name: account.name,
      firstName,
      lastName,
      image: null,
      passwordHash: hashes[index]!,
      isGuest: false,
      dateJoined: nowSeconds
    })
    if (inserted) created.push(account)
  }
  return created
}
