/** CAN's response envelope; `code` is the HTTP status as a string. */
export interface CanEnvelope {
  data: 'success' | null;
  success: boolean;
  code: string;
  errorMsg: string | null;
  detailErrorMsg: string | null;
}

export const canSuccess = (): CanEnvelope => ({
  data: 'success',
  success: true,
  code: '200',
  errorMsg: null,
  detailErrorMsg: null,
});

/** `errorMsg` says what is wrong; `detailErrorMsg` carries the engine's stable error code. */
export const canFailure = (status: number, errorMsg: string, detailErrorMsg: string): CanEnvelope => ({
  data: null,
  success: false,
  code: String(status),
  errorMsg,
  detailErrorMsg,
});
