import { CameraOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Typography } from 'antd';
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

/** The same code read twice in a row within this time is one scan (the camera sees it many times). */
const REPEAT_MS = 2500;

/**
 * Reads ticket codes: by the camera where the browser can (BarcodeDetector, else jsQR on video
 * frames), or typed or pasted (a hand scanner types too, ending with Enter).
 */
export function Scanner({ onCode, disabled }: { onCode: (code: string) => void; disabled?: boolean }) {
  const { t } = useTranslation('fairs-checkin');
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState(false);
  const [cameraError, setCameraError] = useState<string>();
  const [typed, setTyped] = useState('');
  const last = useRef<{ code: string; at: number }>({ code: '', at: 0 });
  const callback = useRef(onCode);
  useEffect(() => {
    callback.current = onCode;
  });

  useEffect(() => {
    if (!camera) return;
    let stream: MediaStream | undefined;
    let stopped = false;
    let frame = 0;
    const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
    const detector = Detector ? new Detector({ formats: ['qr_code'] }) : undefined;
    const canvas = document.createElement('canvas');
    const seen = (code: string) => {
      const now = Date.now();
      if (code === last.current.code && now - last.current.at < REPEAT_MS) return;
      last.current = { code, at: now };
      callback.current(code);
    };
    const tick = async () => {
      if (stopped) return;
      const el = video.current;
      if (el && el.readyState >= 2) {
        try {
          if (detector) {
            const [found] = await detector.detect(el);
            if (found?.rawValue) seen(found.rawValue);
          } else {
            canvas.width = el.videoWidth;
            canvas.height = el.videoHeight;
            const context = canvas.getContext('2d', { willReadFrequently: true });
            context?.drawImage(el, 0, 0);
            const image = context?.getImageData(0, 0, canvas.width, canvas.height);
            const found = image ? jsQR(image.data, image.width, image.height) : null;
            if (found?.data) seen(found.data);
          }
        } catch {
          /* a frame that cannot be read: the next one */
        }
      }
      frame = window.setTimeout(() => void tick(), 150);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return media.getTracks().forEach((track) => track.stop());
        video.current.srcObject = media;
        await video.current.play();
        void tick();
      })
      .catch((error: Error) => {
        setCameraError(error.message);
        setCamera(false);
      });
    return () => {
      stopped = true;
      window.clearTimeout(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [camera]);

  const submit = () => {
    const code = typed.trim();
    if (!code) return;
    setTyped('');
    callback.current(code);
  };
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Input
          data-testid="scan-code"
          aria-label={t('scanner.typed')}
          placeholder={t('scanner.typedPlaceholder')}
          value={typed}
          disabled={disabled}
          onChange={(e) => setTyped(e.target.value)}
          onPressEnter={submit}
          style={{ flex: 1, minWidth: 240 }}
          autoFocus
        />
        <Button
          type="primary"
          data-testid="scan-submit"
          onClick={submit}
          disabled={disabled || !typed.trim()}
        >
          {t('scanner.check')}
        </Button>
        <Button
          data-testid="scan-camera"
          icon={camera ? <StopOutlined /> : <CameraOutlined />}
          onClick={() => {
            setCameraError(undefined);
            setCamera((on) => !on);
          }}
          disabled={disabled || !navigator.mediaDevices?.getUserMedia}
        >
          {camera ? t('scanner.cameraOff') : t('scanner.cameraOn')}
        </Button>
      </Flex>
      {cameraError && (
        <Typography.Text type="danger">{t('scanner.cameraError', { error: cameraError })}</Typography.Text>
      )}
      {camera && (
        <video ref={video} muted playsInline style={{ width: '100%', maxWidth: 480, borderRadius: 8 }} />
      )}
    </Flex>
  );
}
