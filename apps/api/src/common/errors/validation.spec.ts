import { Body, Controller, INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainError, ErrorCode } from './api-error';
import { createValidationPipe } from './validation';

class WindowDto {
  @IsInt()
  @Min(1)
  @Max(2160)
  hours!: number;
}

class CreateThingDto {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @ValidateNested()
  @Type(() => WindowDto)
  window!: WindowDto;
}

@Controller('things')
class ThingsController {
  @Post()
  createThing(@Body() body: CreateThingDto) {
    return { created: body.name, isDto: body instanceof CreateThingDto };
  }

  @Post('conflict')
  conflict() {
    throw new DomainError('ThingExists', 409, 'A thing with this name exists.');
  }

  @Post('crash')
  crash() {
    throw new Error('secret internal detail');
  }
}

describe('the global validation pipe and error filter', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new AllExceptionsFilter());
    await app.init();
  });
  afterAll(() => app.close());

  it('accepts a valid body and hands the controller a DTO instance', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .send({ name: 'x', window: { hours: 168 } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 'x', isDto: true });
  });

  it('lists every invalid field with its reason, nested fields by dotted path', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .send({ name: '', window: { hours: 5000 } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: ErrorCode.ValidationFailed,
      message: 'The request is not valid: 2 problems, see details.',
      details: [
        { field: 'name', reason: 'should not be empty' },
        { field: 'window.hours', reason: 'must not be greater than 2160' },
      ],
    });
  });

  it('refuses unknown fields instead of silently dropping them', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .send({ name: 'x', window: { hours: 1 }, isAdmin: true });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'isAdmin', reason: 'is not a known field' }]);
    expect(res.body.message).toBe('isAdmin is not a known field.');
  });

  it('maps a domain error to its status and stable code', async () => {
    const res = await request(app.getHttpServer()).post('/things/conflict');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      statusCode: 409,
      error: 'ThingExists',
      message: 'A thing with this name exists.',
    });
  });

  it('hides the details of an unexpected failure behind a 500', async () => {
    const res = await request(app.getHttpServer()).post('/things/crash');
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('Internal');
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
  });
});
