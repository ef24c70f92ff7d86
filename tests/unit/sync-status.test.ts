import { describe, expect, it } from 'vitest';
import { classifySyncError, originPattern, retryDelaySeconds, serverUrlProblem } from '@/utils/sync/status';

describe('sync status', () => {
  it('names each failure a person can act on', () => {
    expect(classifySyncError({ status: 401, name: 'unauthorized' })).toBe('unauthorized');
    expect(classifySyncError({ status: 403 })).toBe('forbidden');
    expect(classifySyncError({ status: 404, name: 'not_found' })).toBe('notFound');
    expect(classifySyncError({ status: 500 })).toBe('server');
    expect(classifySyncError(new DOMException('full', 'QuotaExceededError'))).toBe('quota');
    expect(classifySyncError(new TypeError('Failed to fetch'), false)).toBe('offline');
    // CORS, a bad certificate and a server that is down look alike to fetch.
    expect(classifySyncError(new TypeError('Failed to fetch'), true)).toBe('unreachable');
  });

  it('backs off from 30 s, doubling, to an hour at most', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30)).toBe(3600);
  });

  it('takes https anywhere and plain http on this computer only', () => {
    expect(serverUrlProblem('https://couch.example:6984')).toBeUndefined();
    expect(serverUrlProblem('http://localhost:5984')).toBeUndefined();
    expect(serverUrlProblem('http://127.0.0.1:5984')).toBeUndefined();
    expect(serverUrlProblem('http://couch.example')).toBe('insecure');
    expect(serverUrlProblem('https://user:pw@couch.example')).toBe('invalid');
    expect(serverUrlProblem('ftp://couch.example')).toBe('invalid');
    expect(serverUrlProblem('couch.example')).toBe('invalid');
  });

  it('asks for the permission of one host', () => {
    expect(originPattern('https://couch.example:6984/kurabe')).toBe('https://couch.example/*');
    expect(originPattern('http://localhost:5984')).toBe('http://localhost/*');
  });
});
