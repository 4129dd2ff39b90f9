// The camera: a mirrored live preview with a face guide, and a loop that sends JPEG frames to main over the
// contract, one at a time (the next frame goes when main has taken the last one). The stream is released
// as soon as the screen that needs it goes away; frames are never kept in the renderer.
import { useEffect, useRef, useState } from 'react';
import type { FaceView } from '../../electron/contract/view.ts';
import { decodeBarcode } from '../barcode.ts';
import { useKiosk } from '../store.ts';

const WIDTH = 640;
const HEIGHT = 480;
/** Pause between frames: about 4–5 frames a second is plenty for guidance and liveness. */
const FRAME_GAP_MS = 120;

export interface CameraProps {
  guide: 'face' | 'card';
  box?: FaceView['box'];
  /** Scan mode: frames are searched for a barcode here and its text handed over, instead of going to main. */
  onBarcode?(text: string): void;
  onError?(): void;
}

/** The same text again within this time is the same card still in view: not handed over twice. */
const REPEAT_MS = 4_000;
/** Barcode search is heavier than a JPEG: about three tries a second. */
const SCAN_GAP_MS = 300;

export function Camera({ guide, box, onBarcode, onError }: CameraProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const api = useKiosk((s) => s.api);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    const canvas = document.createElement('canvas');
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    const ctx = canvas.getContext('2d', { willReadFrequently: Boolean(onBarcode) });
    let last: { text: string; at: number } | null = null;

    async function scan(): Promise<void> {
      while (!stopped) {
        const v = video.current;
        if (v && ctx && onBarcode && v.readyState >= 2) {
          ctx.drawImage(v, 0, 0, WIDTH, HEIGHT);
          const img = ctx.getImageData(0, 0, WIDTH, HEIGHT);
          const text = decodeBarcode(img);
          img.data.fill(0);
          const now = Date.now();
          if (text && !(last && last.text === text && now - last.at < REPEAT_MS)) {
            last = { text, at: now };
            onBarcode(text);
          }
        }
        await new Promise((r) => setTimeout(r, SCAN_GAP_MS));
      }
      ctx?.clearRect(0, 0, WIDTH, HEIGHT);
    }

    async function loop(): Promise<void> {
      while (!stopped) {
        const v = video.current;
        if (v && ctx && api && v.readyState >= 2) {
          ctx.drawImage(v, 0, 0, WIDTH, HEIGHT);
          const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.85));
          if (stopped) break;
          if (blob) {
            const jpeg = new Uint8Array(await blob.arrayBuffer());
            await api.call('sendFrame', { jpeg, width: WIDTH, height: HEIGHT }).catch(() => null);
            jpeg.fill(0);
          }
        }
        await new Promise((r) => setTimeout(r, FRAME_GAP_MS));
      }
      ctx?.clearRect(0, 0, WIDTH, HEIGHT);
    }

    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: WIDTH }, height: { ideal: HEIGHT }, facingMode: 'user' }, audio: false })
      .then((s) => {
        if (stopped) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream = s;
        document.documentElement.dataset.camera = 'on';
        const v = video.current;
        if (v) {
          v.srcObject = s;
          void v.play().catch(() => undefined);
        }
        void (onBarcode ? scan() : loop());
      })
      .catch(() => {
        setFailed(true);
        onError?.();
      });

    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
      if (video.current) video.current.srcObject = null;
      document.documentElement.dataset.camera = 'off';
    };
  }, [api, onError, onBarcode]);

  return (
    <div className={`camera camera-${guide}`} data-camera-failed={failed || undefined}>
      <video ref={video} muted playsInline className="camera-video" />
      {guide === 'face' ? <div className="face-oval" aria-hidden="true" /> : <div className="card-frame" aria-hidden="true" />}
      {box && (
        <div
          className="face-box"
          aria-hidden="true"
          style={{ left: `${(1 - box.x - box.width) * 100}%`, top: `${box.y * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` }}
        />
      )}
    </div>
  );
}
