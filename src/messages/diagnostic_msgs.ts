import type { Header } from "./std_msgs.ts";

export interface KeyValue {
  key: string;
  value: string;
}
export const DiagnosticLevel = { OK: 0, WARN: 1, ERROR: 2, STALE: 3 } as const;
export interface DiagnosticStatus {
  level: number;
  name: string;
  message: string;
  hardware_id: string;
  values: KeyValue[];
}
export interface DiagnosticArray {
  header: Header;
  status: DiagnosticStatus[];
}
