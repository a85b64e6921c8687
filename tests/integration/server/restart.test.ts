// Storage survives a restart: users, OAuth tokens, video clients and notifications.
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NotificationListSchema, VideoAuthSchema } from '../../../common/api'
import { signIn, startTestServer, stopTestPostgres, storeKinds } from '../../support/server'
import { call, client, grantOk } from './http'

const dataDir = mkdtempSync(join(tmpdir(), 'shoutit-restart-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

afterAll(stopTestPostgres)

// The whole suite once per store: the server's behaviour must not depend on it.
describe.each(storeKinds())('%s store', (store) => {
  describe('restart', () => {
    it('keeps users, tokens, video clients and notifications, and does not re-seed', async () => {
      const first = await startTestServer({ store, dataDir })
      expect(first.seededDemoAccounts.map((account) => account.username)).toEqual(['alice', 'bob', 'carol'])
      const dana = await grantOk(first.url, { grant_type: 'shoutit_signup', name: 'Dana Doe', email: 'dana@example.com', password: 'secret1' })
      const alice = await signIn(first, 'alice')
      const video = VideoAuthSchema.parse((await call(first.url, 'POST', '/v3/twilio/video_auth', { token: dana.access_token })).json)
      expect((await call(first.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity: video.identity, missed: true } })).status).toBe(200)
      const pusherSecret = first.pusher.secret
      await first.stop({ keepData: true })

      const second = await startTestServer({ dataDir, databaseUrl: first.databaseUrl })
      try {
        expect(second.seededDemoAccounts).toEqual([])
        expect(second.pusher.secret).toBe(pusherSecret)
        const me = await call(second.url, 'GET', '/v3/profiles/me', { token: dana.access_token })
        expect(me.json).toMatchObject({ username: dana.profile.username, stats: { unread_notifications_count: 1 } })
        expect(VideoAuthSchema.parse((await call(second.url, 'POST', '/v3/twilio/video_auth', { token: dana.access_token })).json)).toEqual(video)
        const owner = await call(second.url, 'GET', `/v3/twilio/profile?identity=${video.identity}`, { token: alice.access_token })
        expect(owner.json).toMatchObject({ username: dana.profile.username })
        const list = NotificationListSchema.parse((await call(second.url, 'GET', '/v3/notifications', { token: dana.access_token })).json)
        expect(list.results).toHaveLength(1)
        expect(list.results[0]).toMatchObject({ type: 'missed_video_call', attached_object: { profile: { username: 'alice' } } })
        await grantOk(second.url, { grant_type: 'refresh_token', refresh_token: dana.refresh_token })
        await grantOk(second.url, { grant_type: 'shoutit_login', email: 'dana@example.com', password: 'secret1' })
      } finally {
        await second.stop({ keepData: true })
      }
    })

    it('finishes an in-flight request when closed', async () => {
      const server = await startTestServer({ store, dataDir: mkdtempSync(join(tmpdir(), 'shoutit-close-')) })
      const body = JSON.stringify({ ...client, grant_type: 'shoutit_signup', name: 'Eve', email: 'eve@example.com', password: 'secret1' })
      // Send half the body, close the server while the request is under way, then send the rest.
      const request = httpRequest(`${server.url}/v3/oauth2/access_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }
      })
      const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
        request.on('response', (response) => {
          let text = ''
          response.on('data', (chunk: Buffer) => (text += chunk.toString()))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
        })
        request.on('error', reject)
      })
      request.write(body.slice(0, 20))
      await new Promise((resolve) => setTimeout(resolve, 100))
      const closed = server.stop({ keepData: true })
      await new Promise((resolve) => setTimeout(resolve, 50))
      request.end(body.slice(20))
      const { status, text } = await reply
      await closed
      expect(status, text).toBe(200)
      const again = await startTestServer({ dataDir: server.dataDir, databaseUrl: server.databaseUrl })
      try {
        await grantOk(again.url, { grant_type: 'shoutit_login', email: 'eve@example.com', password: 'secret1' })
      } finally {
        await again.stop()
      }
    })
  })
})
