import { describe, expect, it } from 'vitest';
import { publicEndpoint } from './endpoint.js';

describe('publicEndpoint', () => {
  it('keeps scheme, host, port and path, without a trailing slash', () => {
    expect(publicEndpoint('http://127.0.0.1:8000/v1/')).toBe('http://127.0.0.1:8000/v1');
    expect(publicEndpoint('https://api.example.com/v1')).toBe('https://api.example.com/v1');
  });

  it('leaves out credentials, query and fragment', () => {
    expect(publicEndpoint('https://user:sk-secret@llm.example.com/v1?api-key=sk-secret#x')).toBe(
      'https://llm.example.com/v1',
    );
  });
});
