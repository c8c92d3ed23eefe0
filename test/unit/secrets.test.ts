import { describe, expect, it } from 'vitest';
import { smtpSettings } from '../../src/delivery/smtp-settings.js';
import { redactIn, redactUrl } from '../../src/runtime/redact-url.js';
import { databaseSettings, redisUrl } from '../../src/runtime/settings.js';

const SECRET = 's3cr#t/pw';

describe('SMTP_URL, read without ever showing its password', () => {
  it.each([
    ['smtp://relay.example.gov.cn', { host: 'relay.example.gov.cn', port: 587, secure: false, auth: undefined, display: 'smtp://relay.example.gov.cn:587' }],
    ['smtps://gongkai:pw@relay.example.gov.cn', { port: 465, secure: true, auth: { user: 'gongkai', pass: 'pw' }, display: 'smtps://gongkai:***@relay.example.gov.cn:465' }],
    ['smtp://gongkai:s3cr%23t%2Fpw@127.0.0.1:2525', { host: '127.0.0.1', port: 2525, auth: { user: 'gongkai', pass: SECRET }, display: 'smtp://gongkai:***@127.0.0.1:2525' }],
    ['smtp://gong%40kai:pw@relay.example.gov.cn:25/', { auth: { user: 'gong@kai', pass: 'pw' } }],
  ])('%s', (url, settings) => {
    expect(smtpSettings(url)).toMatchObject(settings);
  });

  it.each([
    ['a # in the password', 'smtp://gongkai:s3cr#t@relay.example.gov.cn:465', /cannot be read as a URL/],
    ['a / in the password', 'smtp://gongkai:s3cr/t@relay.example.gov.cn:465', /cannot be read as a URL/],
    ['a port that is not a number', 'smtps://gongkai:s3cret@relay.example.gov.cn:46x5', /cannot be read as a URL/],
    ['a port out of range', 'smtps://gongkai:s3cret@relay.example.gov.cn:99999', /cannot be read as a URL/],
    ['a # after the host', 'smtps://gongkai:s3cret@relay.example.gov.cn:465#s3cret', /has a path, a # part or options after \?/],
    ['options after ?', 'smtps://gongkai@relay.example.gov.cn:465?password=s3cret', /has a path, a # part or options after \?/],
    ['another scheme', 'http://gongkai:s3cret@relay.example.gov.cn', /the scheme is http; write it as smtp:\/\/host:587/],
  ])('refuses %s without printing it', (_, url, message) => {
    let error: Error | undefined;
    try {
      smtpSettings(url);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('s3cr');
    expect(error?.message).not.toContain('gongkai');
  });
});

describe('service URLs in logs and errors', () => {
  it.each([
    ['postgres://dw:s3cret@db:5432/dw', 'postgres://dw:***@db:5432/dw'],
    ['postgres://dw@db:5432/dw?password=s3cret&sslmode=require', 'postgres://dw@db:5432/dw?password=***&sslmode=require'],
    ['redis://db:6379/0?pass=s3cret', 'redis://db:6379/0?pass=***'],
    ['redis://:s3cret@db:6379', 'redis://:***@db:6379'],
    ['postgres://dw:s3cr#et@db/dw', '(a URL that cannot be read; its text is not shown, as it may hold a password)'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('takes the URL and its secrets out of a driver\'s message, raw or decoded', () => {
    const url = 'postgres://dw:s3%23cret@db:5432/dw?sslpassword=k3y';
    expect(redactIn(`connect to ${url} failed: password s3#cret, key k3y`, url)).toBe('connect to postgres://dw:***@db:5432/dw?sslpassword=*** failed: password ***, key ***');
  });

  it('refuses a DATABASE_URL or REDIS_URL the WHATWG parser cannot read, without printing it', () => {
    expect(() => databaseSettings({ DATABASE_URL: 'postgres://dw:s3cr#et@db:5432/dw' })).toThrow(/^DATABASE_URL cannot be read as a URL \(its text is not shown/);
    expect(() => redisUrl({ REDIS_URL: 'redis://:s3/cret@db:63x9' })).toThrow(/^REDIS_URL cannot be read as a URL/);
    expect(databaseSettings({ DATABASE_URL: 'postgres://dw:s3%23cret@db:5432/dw' }).url).toBe('postgres://dw:s3%23cret@db:5432/dw');
  });
});
