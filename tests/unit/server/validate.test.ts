import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../server/src/http/apiError'
import { validate } from '../../../server/src/http/validate'

const schema = z.object({ identity: z.string().regex(/^[0-9a-f]{32}$/), missed: z.boolean().default(false) })

const failure = (input: unknown, locationType?: 'body' | 'parameter'): ApiError => {
  try {
    validate(schema, input, locationType)
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('validate accepted bad input')
}

describe('validate', () => {
  it('returns parsed data with defaults', () => {
    expect(validate(schema, { identity: 'a'.repeat(32) })).toEqual({ identity: 'a'.repeat(32), missed: false })
  })

  it('calls a missing field required and a wrong one invalid, naming the field', () => {
    expect(failure({}).details).toEqual([expect.objectContaining({ reason: 'required', location: 'identity', location_type: 'body' })])
    expect(failure({ identity: 'x', missed: 'false' }, 'parameter').details).toEqual([
      expect.objectContaining({ reason: 'invalid', location: 'identity', location_type: 'parameter' }),
      expect.objectContaining({ reason: 'invalid', location: 'missed', location_type: 'parameter' })
    ])
    expect(failure({ identity: null }).details[0]).toMatchObject({ reason: 'invalid', location: 'identity' })
    expect(failure({}).status).toBe(400)
  })
})
