// The park's leads as a kanban: drag a card between stages (mouse, touch or keyboard: focus the
// handle, space to lift, left / right arrows one stage at a time, space to drop, Escape to cancel;
// a screen reader hears the instruction and each step), or use its "move to" menu; "lost" asks for
// the reason; each card opens its history.
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from "@dnd-kit/core";
import { Button, Card, Drawer, Input, Modal, Select, Space, Timeline, Typography, message } from "antd";
import { useState } from "react";
import { ApiError, get, patch, query, type Page, type Schemas } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { Failure } from "../../components/Failure";
import { NoPark } from "../../components/NoPark";
import { useI18n } from "../../i18n";
import { href, useLocation } from "../../router";
import { ownPark, useSession } from "../../session";
import { columnCoordinates } from "./kanbanKeyboard";

type Lead = Schemas["LeadRead"];
type Stage = Schemas["LeadStage"];
export const STAGES: Stage[] = ["identified", "contacted", "visited", "negotiating", "signed", "landed", "lost"];
const KEYBOARD = { coordinateGetter: columnCoordinates(STAGES) };

export default function Leads() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("park")) || (me ? ownPark(me) : undefined);
  const leads = useLoad(parkId ? () => get<Page<Lead>>(`/leads${query({ park_id: parkId, limit: 200 })}`) : null, [parkId]);
  const companyIds = [...new Set((leads.data?.items ?? []).map((lead) => lead.company_id))];
  const companies = useLoad(
    companyIds.length
      ? () => get<Page<Schemas["CompanyRead"]>>(`/companies${query({ ids: companyIds, limit: companyIds.length })}`)
      : null,
    [companyIds.join(",")],
  );
  const names = new Map((companies.data?.items ?? []).map((c) => [c.id, c.short_name || c.name]));
  const [losing, setLosing] = useState<Lead | null>(null);
  const [reason, setReason] = useState("");
  const [historyOf, setHistoryOf] = useState<Lead | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, KEYBOARD));
  const leadName = (id: string | number) => {
    const lead = leads.data?.items.find((item) => `lead-${item.id}` === id);
    return lead ? (names.get(lead.company_id) ?? `#${lead.company_id}`) : String(id);
  };
  const stageName = (id: string | number | undefined) => (id === undefined ? "—" : t(`stage_${id as Stage}`));
  const announcements: Announcements = {
    onDragStart: ({ active }) => `${t("lifted")}: ${leadName(active.id)}`,
    onDragOver: ({ active, over }) => `${leadName(active.id)} → ${over ? stageName(over.id) : t("noStage")}`,
    onDragEnd: ({ active, over }) => `${leadName(active.id)}: ${over ? `${t("droppedIn")} ${stageName(over.id)}` : t("dragCancelled")}`,
    onDragCancel: ({ active }) => `${leadName(active.id)}: ${t("dragCancelled")}`,
  };

  const move = async (lead: Lead, stage: Stage, lostReason?: string) => {
    if (stage === lead.stage) return;
    if (stage === "lost" && !lostReason) {
      setReason("");
      setLosing(lead);
      return;
    }
    try {
      await patch<Lead>(`/leads/${lead.id}`, { version: lead.version, stage, lost_reason: lostReason });
      message.success(`${names.get(lead.company_id) ?? lead.company_id} → ${t(`stage_${stage}`)}`);
      leads.reload();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t("error"));
      leads.reload();
    }
  };
  const onDragEnd = (event: DragEndEvent) => {
    const lead = leads.data?.items.find((item) => `lead-${item.id}` === event.active.id);
    if (lead && event.over) void move(lead, event.over.id as Stage);
  };

  if (!parkId) return <NoPark />;
  return (
    <>
      <Failure error={leads.error} />
      <Typography.Paragraph type="secondary">{t("dragInstructions")}</Typography.Paragraph>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("dragInstructions") } }}>
        <div className="kanban">
          {STAGES.map((stage) => (
            <Column key={stage} stage={stage}>
              {(leads.data?.items ?? [])
                .filter((lead) => lead.stage === stage)
                .map((lead) => (
                  <LeadCard key={lead.id} lead={lead} name={names.get(lead.company_id) ?? `#${lead.company_id}`}
                    onMove={(next) => void move(lead, next)} onHistory={() => setHistoryOf(lead)} />
                ))}
            </Column>
          ))}
        </div>
      </DndContext>
      <Modal
        open={!!losing}
        title={t("lostReason")}
        okText={t("confirm")}
        cancelText={t("cancel")}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => {
          if (losing) void move(losing, "lost", reason.trim());
          setLosing(null);
        }}
        onCancel={() => setLosing(null)}
      >
        <Input.TextArea aria-label={t("lostReason")} value={reason} onChange={(e) => setReason(e.target.value)}
          placeholder={t("lostReasonRequired")} autoFocus />
      </Modal>
      <Drawer open={!!historyOf} onClose={() => setHistoryOf(null)} title={`${t("history")}: ${historyOf ? names.get(historyOf.company_id) : ""}`}>
        {historyOf && <History lead={historyOf} />}
      </Drawer>
    </>
  );
}

function Column({ stage, children }: { stage: Stage; children: React.ReactNode }) {
  const { t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  return (
    <section ref={setNodeRef} className={`kanban-column${isOver ? " over" : ""}`} aria-label={t(`stage_${stage}`)} data-stage={stage}>
      <h2 style={{ fontSize: 14, margin: "0 0 8px" }}>{t(`stage_${stage}`)}</h2>
      <Space direction="vertical" style={{ width: "100%" }}>
        {children}
      </Space>
    </section>
  );
}

function LeadCard({ lead, name, onMove, onHistory }: { lead: Lead; name: string; onMove: (stage: Stage) => void; onHistory: () => void }) {
  const { t } = useI18n();
  const { attributes, listeners, setNodeRef, transform } = useDraggable({ id: `lead-${lead.id}`, data: { column: lead.stage } });
  const style = transform ? { transform: `translate(${transform.x}px, ${transform.y}px)`, zIndex: 10 } : undefined;
  return (
    <Card size="small" ref={setNodeRef} style={style} data-testid="lead-card" data-company={lead.company_id} data-lead={lead.id}>
      <Space size={6} align="start">
        <span {...listeners} {...attributes} aria-label={`${t("drag")}: ${name}`} className="drag-handle">
          ⠿
        </span>
        <a href={href("/companies", { id: lead.company_id })}>{name}</a>
      </Space>
      {lead.lost_reason && <Typography.Text type="secondary" style={{ display: "block" }}>{t("lostReason")}: {lead.lost_reason}</Typography.Text>}
      <Space size={4} wrap style={{ marginTop: 4 }}>
        <Select<Stage>
          size="small"
          aria-label={`${t("moveTo")}: ${name}`}
          placeholder={t("moveTo")}
          style={{ width: 110 }}
          value={null as unknown as Stage}
          options={STAGES.filter((s) => s !== lead.stage).map((s) => ({ value: s, label: t(`stage_${s}`) }))}
          onChange={onMove}
        />
        <Button size="small" onClick={onHistory}>
          {t("history")}
        </Button>
      </Space>
      <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
        {t("stageSince")}: {lead.stage_changed_at.slice(0, 10)}
      </Typography.Text>
    </Card>
  );
}

function History({ lead }: { lead: Lead }) {
  const { t } = useI18n();
  const events = useLoad(() => get<Page<Schemas["LeadEventRead"]>>(`/leads/${lead.id}/events${query({ limit: 200 })}`), [lead.id, lead.version]);
  return (
    <>
      <Failure error={events.error} />
      <Timeline
        items={(events.data?.items ?? []).map((event) => ({
          children: (
            <>
              <div>
                {event.created_at.slice(0, 16).replace("T", " ")} · {t(`event_${event.kind}`)}
                {event.to_stage && ` → ${t(`stage_${event.to_stage}`)}`}
              </div>
              {typeof event.changes?.lost_reason === "string" && (
                <div>
                  {t("lostReason")}: {event.changes.lost_reason}
                </div>
              )}
              <Typography.Text type="secondary">{event.actor_role}</Typography.Text>
            </>
          ),
        }))}
      />
    </>
  );
}
