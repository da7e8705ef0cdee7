import { Socket } from 'node:net';
import { onMessages, socketPathTooLong } from './protocol';

describe('the control channel protocol', () => {
  it('reads one message per line, however the bytes arrive', () => {
    const socket = new Socket();
    const messages: unknown[] = [];
    onMessages(socket, (message) => messages.push(message));
    socket.emit('data', '{"kind":"stdout","text":"a\\n');
    socket.emit('data', 'b"}\n{"kind":"exit",');
    expect(messages).toEqual([{ kind: 'stdout', text: 'a\nb' }]);
    socket.emit('data', '"code":3}\nnot json\n');
    expect(messages).toEqual([
      { kind: 'stdout', text: 'a\nb' },
      { kind: 'exit', code: 3 },
      undefined,
    ]);
    socket.destroy();
  });

  it('refuses socket paths longer than every platform binds', () => {
    expect(socketPathTooLong(`/${'d'.repeat(89)}/control.sock`)).toBe(false);
    expect(socketPathTooLong(`/${'d'.repeat(90)}/control.sock`)).toBe(true);
    // Bytes count, not characters.
    expect(socketPathTooLong(`/${'é'.repeat(46)}/control.sock`)).toBe(true);
  });
});
