// The on-screen keypad: big keys (≥ 72 px), digits only or letters and digits for a booking code. It types
// into whatever field its owner has active; nothing is stored here.
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const LETTERS = 'QWERTYUIOPASDFGHJKLZXCVBNM'.split('');

export interface KeypadProps {
  onKey(key: string): void;
  onDelete(): void;
  deleteLabel: string;
  letters?: boolean;
}

export function Keypad({ onKey, onDelete, deleteLabel, letters = false }: KeypadProps) {
  return (
    <div className={letters ? 'keypad keypad-letters' : 'keypad'} role="group" aria-label="keypad">
      {letters &&
        LETTERS.map((k) => (
          <button key={k} type="button" className="key" onClick={() => onKey(k)}>
            {k}
          </button>
        ))}
      {DIGITS.map((k) => (
        <button key={k} type="button" className="key" onClick={() => onKey(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="key key-wide" onClick={() => onKey('0')}>
        0
      </button>
      <button type="button" className="key key-delete" onClick={onDelete} aria-label={deleteLabel}>
        ⌫ {deleteLabel}
      </button>
    </div>
  );
}
